namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The emulated time: the injected <see cref="TimeProvider"/>, plus the emulator-wide offset, plus
/// the tenant's own offset. Offsets only grow, so emulated time never moves backwards.
/// </summary>
public sealed class EmulatorClock(TimeProvider time, ITenantStore store)
{
    public DateTimeOffset GlobalNow => time.GetUtcNow() + store.GlobalClockOffset;

    public DateTimeOffset Now(TenantState tenant) => GlobalNow + tenant.ClockOffset;

    public TimeSpan AdvanceGlobal(TimeSpan by) => store.AdvanceGlobalClock(by);

    /// <summary>Moves one tenant's clock forward; null when there is no such tenant.</summary>
    public TenantState? AdvanceTenant(Guid tenantId, TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return store.Update(tenantId, current => current with { ClockOffset = current.ClockOffset + by });
    }
}
