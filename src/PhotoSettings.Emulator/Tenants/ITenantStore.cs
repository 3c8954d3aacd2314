namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// Where tenant state lives. Reads return the latest committed value; a change runs while holding
/// that tenant's write lock (other tenants are not blocked), so a read-merge-validate-write is atomic
/// and concurrent writers never produce a state nobody asked for.
/// </summary>
public interface ITenantStore
{
    TenantState? Find(Guid tenantId);

    IReadOnlyList<TenantState> All();

    /// <summary>
    /// Runs <paramref name="change"/> on the tenant's current state (null when there is no such
    /// tenant) and stores what it returns: a new value replaces, null removes, the same instance
    /// writes nothing. Returns the state after the call.
    /// </summary>
    TenantState? Change(Guid tenantId, Func<TenantState?, TenantState?> change);

    /// <summary>The emulator-wide clock offset, added to every tenant's time.</summary>
    TimeSpan GlobalClockOffset { get; }

    /// <summary>
    /// Moves the emulator-wide offset forward by a non-negative amount; returns the new offset, or null (and
    /// stores nothing) when it would pass <see cref="ClockBounds.MaxOffset"/>.
    /// </summary>
    TimeSpan? TryAdvanceGlobalClock(TimeSpan by);

    /// <summary>Replaces every tenant and the emulator-wide clock offset at once (a reset or a state import).</summary>
    void ReplaceAll(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset);
}

public static class TenantStoreExtensions
{
    /// <summary>Changes an existing tenant; returns null, writing nothing, when there is none.</summary>
    public static TenantState? Update(this ITenantStore store, Guid tenantId, Func<TenantState, TenantState> change) =>
        store.Change(tenantId, current => current is null ? null : change(current));
}
