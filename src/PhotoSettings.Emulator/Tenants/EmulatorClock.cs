namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The emulated time: the injected <see cref="TimeProvider"/>, plus the emulator-wide offset, plus
/// the tenant's own offset. Offsets only grow, so emulated time never moves backwards.
/// </summary>
public sealed class EmulatorClock(TimeProvider time, ITenantStore store)
{
    public DateTimeOffset GlobalNow => time.GetUtcNow() + store.GlobalClockOffset;

    public DateTimeOffset Now(TenantState tenant) => GlobalNow + tenant.ClockOffset;

    /// <summary>The new emulator-wide offset, or null (nothing stored) when it would pass <see cref="ClockBounds.MaxOffset"/>.</summary>
    public ValueTask<TimeSpan?> AdvanceGlobalAsync(TimeSpan by) => store.TryAdvanceGlobalClockAsync(by);

    /// <summary>
    /// Moves one tenant's clock forward: its new state, or null when there is no such tenant; OutOfRange when
    /// the offset would pass <see cref="ClockBounds.MaxOffset"/> (nothing stored).
    /// </summary>
    public async ValueTask<(TenantState? State, bool OutOfRange)> AdvanceTenantAsync(Guid tenantId, TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var outOfRange = false;
        var state = await store.UpdateAsync(tenantId, current =>
        {
            if (ClockBounds.Advance(current.ClockOffset, by) is { } next)
            {
                outOfRange = false;
                return current with { ClockOffset = next };
            }

            outOfRange = true;
            return current;
        });
        return (state, outOfRange);
    }
}
