namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// Where tenant state lives. A change runs while holding that tenant's write lock (other tenants are not
/// blocked), so a read-merge-validate-write is atomic and concurrent writers never produce a state nobody
/// asked for. Every call completes once what it wrote, or read, is durable in this store: an answer built
/// from it never tells of a change a crash could still lose.
/// </summary>
public interface ITenantStore
{
    /// <summary>The tenant's latest state (null when there is none), once that state is stored.</summary>
    ValueTask<TenantState?> FindAsync(Guid tenantId);

    /// <summary>
    /// The tenant's latest state without waiting for its commit: for start-up and for work that answers
    /// nobody; an answer to a request reads with <see cref="FindAsync"/>.
    /// </summary>
    TenantState? Peek(Guid tenantId);

    ValueTask<IReadOnlyList<TenantState>> AllAsync();

    /// <summary>
    /// Runs <paramref name="change"/> on the tenant's current state (null when there is no such
    /// tenant) and stores what it returns: a new value replaces, null removes, the same instance
    /// writes nothing. Completes with the state after the call, once it is stored.
    /// </summary>
    ValueTask<TenantState?> ChangeAsync(Guid tenantId, Func<TenantState?, TenantState?> change);

    /// <summary>The emulator-wide clock offset, added to every tenant's time.</summary>
    TimeSpan GlobalClockOffset { get; }

    /// <summary>
    /// Moves the emulator-wide offset forward by a non-negative amount; completes with the new offset once it
    /// is stored, or null (storing nothing) when it would pass <see cref="ClockBounds.MaxOffset"/>.
    /// </summary>
    ValueTask<TimeSpan?> TryAdvanceGlobalClockAsync(TimeSpan by);

    /// <summary>The emulator-wide offset, once the newest change to it is stored.</summary>
    ValueTask<TimeSpan> ReadGlobalClockAsync();

    /// <summary>Replaces every tenant and the emulator-wide clock offset at once (a reset or a state import).</summary>
    ValueTask ReplaceAllAsync(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset);
}

public static class TenantStoreExtensions
{
    /// <summary>Changes an existing tenant; completes with null, writing nothing, when there is none.</summary>
    public static ValueTask<TenantState?> UpdateAsync(this ITenantStore store, Guid tenantId, Func<TenantState, TenantState> change) =>
        store.ChangeAsync(tenantId, current => current is null ? null : change(current));
}
