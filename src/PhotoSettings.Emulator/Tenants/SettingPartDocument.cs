using System.Text.Json;
using System.Text.Json.Serialization;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// One setting's part of a tenant in the state document, under <c>settings.{name}</c> (photoUpdateSettings keeps its
/// own key, <c>photoUpdateSettings</c>, and shape): <c>{"superseded":0,"versions":[{"settings":{…},"requestedAt","effectiveAt"}]}</c>,
/// each <c>settings</c> the setting's value as its Graph resource writes it.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SettingPartDocument
{
    /// <summary>How many pending changes the cap superseded (absent: none).</summary>
    public long? Superseded { get; init; }

    public IReadOnlyList<SettingPartVersionDocument>? Versions { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SettingPartVersionDocument
{
    public JsonElement? Settings { get; init; }

    public DateTimeOffset? RequestedAt { get; init; }

    public DateTimeOffset? EffectiveAt { get; init; }
}

/// <summary>The settings parts of a tenant, written from its state and read back through each setting's own validators.</summary>
public static class SettingParts
{
    /// <summary>Every declared setting but photoUpdateSettings that has a history; null when none has (an export keeps its old shape).</summary>
    public static IReadOnlyDictionary<string, SettingPartDocument>? From(TenantState state, SettingKinds kinds)
    {
        var parts = new SortedDictionary<string, SettingPartDocument>(StringComparer.Ordinal);
        foreach (var (name, history) in state.Settings)
        {
            if (name == TenantState.PhotoUpdateSettingsName || (history.Count == 0 && history.Superseded == 0) || kinds.Find(name) is not { } kind)
            {
                continue;
            }

            parts[name] = new SettingPartDocument
            {
                Superseded = history.Superseded == 0 ? null : history.Superseded,
                Versions = [.. history.Stored.Select(v => new SettingPartVersionDocument
                {
                    Settings = kind.ToJson(v.Settings),
                    RequestedAt = v.RequestedAt,
                    EffectiveAt = v.EffectiveAt,
                })],
            };
        }

        return parts.Count == 0 ? null : parts;
    }

    /// <summary>
    /// <paramref name="state"/> (a tenant read from its document, photoUpdateSettings included) with the other settings'
    /// histories, or every problem found in them, each path starting <c>settings.{name}</c>.
    /// </summary>
    public static TenantState Apply(TenantState state, IReadOnlyDictionary<string, SettingPartDocument?>? parts, SettingKinds kinds, List<string> problems)
    {
        if (parts is null)
        {
            return state;
        }

        var histories = new List<(string Name, List<(object Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt)> Versions, long Superseded)>();
        foreach (var (name, part) in parts)
        {
            var at = $"settings.{ClientText.Clip(name)}";
            if (kinds.Find(name) is not { } kind || name == TenantState.PhotoUpdateSettingsName)
            {
                problems.Add($"{at}: '{ClientText.Clip(name)}' is not a setting of this emulator; it knows "
                    + string.Join(", ", kinds.All.Select(k => k.Name).Where(n => n != TenantState.PhotoUpdateSettingsName).Order(StringComparer.Ordinal)) + ".");
                continue;
            }

            if (part is null)
            {
                problems.Add($"{at} is null.");
                continue;
            }

            if (part.Superseded is < 0 or > ClockBounds.MaxChangeCount)
            {
                problems.Add($"{at}.superseded must be from 0 to {ClockBounds.MaxChangeCount:D}.");
            }

            var versions = new List<(object, DateTimeOffset, DateTimeOffset)>();
            var stored = part.Versions ?? [];
            DateTimeOffset? previous = null;
            for (var i = 0; i < stored.Count; i++)
            {
                var path = $"{at}.versions[{i}]";
                if (stored[i] is not { Settings: { } json, RequestedAt: { } requested, EffectiveAt: { } effective })
                {
                    problems.Add($"{path} needs settings, requestedAt and effectiveAt.");
                    continue;
                }

                var (settings, valueProblems) = kind.Read(json, state);
                problems.AddRange(valueProblems.Select(p => $"{path}.settings: {p.Message}"));
                if (effective < requested)
                {
                    problems.Add($"{path}.effectiveAt is before its requestedAt.");
                }

                if (previous is { } before && effective < before)
                {
                    problems.Add($"{path}.effectiveAt is before the previous version's; versions take effect in order.");
                }

                previous = effective;
                if (settings is not null)
                {
                    versions.Add((settings, requested, effective));
                }
            }

            histories.Add((name, versions, part.Superseded ?? 0));
        }

        if (problems.Count > 0)
        {
            return state;
        }

        // A snapshot carries no sequence numbers: each setting's stored versions were its newest changes, in order, and
        // the tenant's change count covers every setting's, so the next change of any setting numbers above them all.
        var changeCount = Math.Min(
            histories.Select(h => h.Versions.Count + h.Superseded).Append(state.ChangeCount).Max(), ClockBounds.MaxChangeCount);
        var settingsMap = state.Settings;
        foreach (var (name, versions, superseded) in histories)
        {
            var kind = kinds.Find(name)!;
            settingsMap = settingsMap.SetItem(name, kind.HistoryFrom(
                versions.Select((v, i) => new StoredVersion(v.Settings, v.RequestedAt, v.EffectiveAt, changeCount - versions.Count + 1 + i)), superseded));
        }

        return state with { Settings = settingsMap, ChangeCount = changeCount };
    }
}
