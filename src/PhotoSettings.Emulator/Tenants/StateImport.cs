using FluentValidation;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// A state document read into tenants and the emulator-wide clock offset, or every problem found in it:
/// <c>PUT /_emulator/state</c> answers them with 400, a tenants file stops the start with them.
/// </summary>
public sealed record StateImport(IReadOnlyList<TenantState> Tenants, TimeSpan ClockOffset, IReadOnlyList<(string Path, string Message)> Problems)
{
    /// <summary>Validates a whole state document; its tenants are usable only when there are no problems.</summary>
    public static StateImport Read(StateDocument? document, IValidator<TenantDocument> validator, SettingKinds kinds)
    {
        if (document?.Tenants is not { } entries)
        {
            return new([], TimeSpan.Zero, [("tenants", "There is no 'tenants' array; expected {\"tenants\":[{\"id\":\"…\",\"displayName\":\"…\",\"identityModel\":\"hybrid\"}]}.")]);
        }

        var problems = new List<(string, string)>();
        if (document.Version is > StateDocument.CurrentVersion)
        {
            problems.Add(("version", $"Version {document.Version} was written by a newer emulator; this one reads version {StateDocument.CurrentVersion}."));
        }

        var offset = TimeSpan.Zero;
        if (document.ClockOffset is { } text && !DurationText.TryParseBetweenZeroAnd(text, ClockBounds.MaxOffset, out offset))
        {
            problems.Add(("clockOffset", $"'{ClientText.Clip(text)}' is not a duration from zero to {ClockBounds.MaxOffsetText} (100 years), such as PT24H."));
        }

        var states = new List<TenantState>();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var label = $"tenants[{i}]" + (entry?.Id is { } id ? $" (id '{id}'" + (entry.DisplayName is { } n ? $", '{n}')" : ")") : "");
            if (entry is null)
            {
                problems.Add((label, "is null."));
                continue;
            }

            var result = validator.Validate(entry);
            if (!result.IsValid)
            {
                problems.AddRange(result.Errors.Select(e => (label, e.ErrorMessage)));
                continue;
            }

            var settingProblems = new List<string>();
            var state = SettingParts.Apply(entry.ToState(), entry.Settings, kinds, settingProblems);
            if (settingProblems.Count > 0)
            {
                problems.AddRange(settingProblems.Select(p => (label, p)));
                continue;
            }

            if (!ids.Add(state.Tenant.Id))
            {
                problems.Add((label, "another entry has the same id."));
                continue;
            }

            states.Add(state);
        }

        return new(states, offset, problems);
    }
}
