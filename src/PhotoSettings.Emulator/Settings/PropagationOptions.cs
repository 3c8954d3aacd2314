using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

public enum PropagationMode
{
    /// <summary>Every change takes exactly <c>Delay</c>.</summary>
    Fixed,

    /// <summary>Every change takes a delay drawn uniformly in [0, <c>Delay</c>] from a seeded generator.</summary>
    Random,
}

/// <summary>
/// How long a setting's changes take to reach Microsoft 365 ("up to 24 hours"): one instance per setting, named for it
/// and bound to the section its declaration names (<c>Emulator:Propagation</c> for photoUpdateSettings).
/// </summary>
public sealed class PropagationOptions
{
    public const string Section = "Emulator:Propagation";

    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    /// <summary>
    /// <c>hh:mm:ss</c> (hours may exceed 23), ISO 8601 (<c>PT24H</c>) or <c>d.hh:mm:ss</c>;
    /// <c>00:00:00</c> makes changes take effect at once.
    /// </summary>
    public string Delay { get; set; } = "24:00:00";

    /// <summary>The parsed <see cref="Delay"/> (validated at start-up).</summary>
    public TimeSpan DelayValue => DurationText.TryParse(Delay, out var delay) ? delay : TimeSpan.FromHours(24);

    public PropagationMode Mode { get; set; } = PropagationMode.Fixed;

    public long Seed { get; set; }

    /// <summary>
    /// How many changes one tenant may have pending; a change beyond it supersedes the oldest pending one,
    /// which then never takes effect on its own. Bounds a tenant's memory under a day of writes.
    /// </summary>
    public int MaxPendingChanges { get; set; } = DefaultMaxPendingChanges;

    public const int DefaultMaxPendingChanges = 10_000;

    public const int MaxMaxPendingChanges = 1_000_000;
}

/// <summary>Checks one setting's propagation options (named <paramref name="name"/>), in the words of its <paramref name="section"/>.</summary>
public sealed class PropagationOptionsValidator(string name, string section) : IValidateOptions<PropagationOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, PropagationOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        if (!DurationText.TryParse(options.Delay, out var delay) || delay < TimeSpan.Zero || delay > PropagationOptions.MaxDelay)
        {
            problems.Add($"{section}:Delay '{options.Delay}' must be a duration (hh:mm:ss, PT24H or d.hh:mm:ss) from 00:00:00 to 365 days.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"{section}:Mode '{options.Mode}' is not Fixed or Random.");
        }

        if (options.MaxPendingChanges is < 1 or > PropagationOptions.MaxMaxPendingChanges)
        {
            problems.Add($"{section}:MaxPendingChanges {options.MaxPendingChanges} must be from 1 to 1000000.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
