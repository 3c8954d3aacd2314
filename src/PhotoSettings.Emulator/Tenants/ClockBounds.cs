namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// How far emulated time may run ahead of the host's, and how high a counter may go. Every clock offset
/// (the emulator-wide one and each tenant's) stays within <see cref="MaxOffset"/>, checked before anything is
/// stored, so host time plus both offsets plus a year's propagation delay is always a representable date.
/// </summary>
public static class ClockBounds
{
    /// <summary>100 years (<c>P36525D</c>): each offset's ceiling.</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(36525);

    public const string MaxOffsetText = "P36525D";

    /// <summary>A settings change counter's ceiling: a million changes a second for 30 years, and far from wrapping.</summary>
    public const long MaxChangeCount = 1_000_000_000_000_000;

    /// <summary><paramref name="offset"/> moved by <paramref name="by"/>, or null when that passes <see cref="MaxOffset"/>.</summary>
    public static TimeSpan? Advance(TimeSpan offset, TimeSpan by) =>
        by >= TimeSpan.Zero && by <= MaxOffset && offset <= MaxOffset - by ? offset + by : null;
}
