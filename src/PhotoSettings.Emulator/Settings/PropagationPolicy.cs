using System.Security.Cryptography;
namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// How long a settings change takes to reach Microsoft 365: <c>Fixed</c>, always the configured
/// delay; or <c>Random</c>, "up to" it, drawn uniformly in [0, Delay]. A random draw depends only on
/// the seed, the tenant and the change's sequence number, so runs are reproducible whatever order
/// concurrent tenants' requests arrive in.
/// </summary>
public sealed class PropagationPolicy(PropagationOptions options)
{
    private readonly PropagationOptions _settings = options;

    // Parsed once (the options are validated at start-up and never change), not on every write.
    private readonly TimeSpan _delay = options.DelayValue;

    /// <summary>How many changes a tenant may have pending before the oldest is superseded.</summary>
    public int MaxPendingChanges => _settings.MaxPendingChanges;

    public TimeSpan DelayFor(Guid tenantId, long sequence)
    {
        var settings = _settings;
        var delay = _delay;
        if (settings.Mode == PropagationMode.Fixed || delay == TimeSpan.Zero)
        {
            return delay;
        }

        Span<byte> input = stackalloc byte[32];
        BitConverter.TryWriteBytes(input, settings.Seed);
        tenantId.TryWriteBytes(input[8..]);
        BitConverter.TryWriteBytes(input[24..], sequence);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // 53 random bits make a double uniform in [0, 1]; the tick count is then in [0, Delay].
        var fraction = (BitConverter.ToUInt64(hash) >> 11) / (double)((1UL << 53) - 1);
        return TimeSpan.FromTicks((long)Math.Round(fraction * delay.Ticks));
    }
}
