using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Durations as people write them in configuration. .NET reads "24:00:00" as 24 <em>days</em>; here
/// <c>hh:mm:ss</c> always means hours (so "24:00:00" is a day), and ISO 8601 ("PT24H") and .NET's
/// <c>d.hh:mm:ss</c> work too. This is the one duration grammar: options, the control API, the tenants
/// file and the state document all read durations here, so what a validator accepts an importer can read.
/// </summary>
public static partial class DurationText
{
    /// <summary>A duration that is zero or more and at most <paramref name="max"/>.</summary>
    public static bool TryParseBetweenZeroAnd(string? text, TimeSpan max, out TimeSpan duration) =>
        TryParse(text, out duration) && duration >= TimeSpan.Zero && duration <= max;

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                return false;
            }
        }

        var clock = HoursMinutesSeconds().Match(text);
        if (clock.Success)
        {
            duration = TimeSpan.FromHours(long.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromMinutes(int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromSeconds(double.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture));
            return int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture) < 60
                && double.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture) < 60;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>A duration as the emulator writes it: ISO 8601 (<c>PT24H</c>, <c>P1D</c>), which <see cref="TryParse"/> reads back.</summary>
    public static string Format(TimeSpan duration) => XmlConvert.ToString(duration);

    [GeneratedRegex(@"^(\d{1,6}):(\d{2}):(\d{2}(?:\.\d{1,7})?)$")]
    private static partial Regex HoursMinutesSeconds();
}
