namespace PhotoSettings.Emulator.Tenants;

/// <summary>The default store: tenant states in memory only, so every change is as durable as it will be once made.</summary>
public sealed class InMemoryTenantStore(IEnumerable<TenantState> initial, TimeSpan globalClockOffset = default) : ITenantStore, IDisposable
{
    private readonly TenantStates _states = new(initial, globalClockOffset);

    public ValueTask<TenantState?> FindAsync(Guid tenantId) => new(_states.Find(tenantId).State);

    public TenantState? Peek(Guid tenantId) => _states.Find(tenantId).State;

    public ValueTask<IReadOnlyList<TenantState>> AllAsync() => new(_states.All().States);

    public ValueTask<TenantState?> ChangeAsync(Guid tenantId, Func<TenantState?, TenantState?> change) =>
        new(_states.Change(tenantId, change, static (_, _) => null).State);

    public TimeSpan GlobalClockOffset => _states.GlobalClockOffset;

    public ValueTask<TimeSpan?> TryAdvanceGlobalClockAsync(TimeSpan by) => new(_states.AdvanceGlobalClock(by, static _ => null).Offset);

    public ValueTask<TimeSpan> ReadGlobalClockAsync() => new(_states.GlobalClockOffset);

    public ValueTask ReplaceAllAsync(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset)
    {
        _states.Replace(tenants, globalClockOffset, static () => null);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _states.Dispose();
}
