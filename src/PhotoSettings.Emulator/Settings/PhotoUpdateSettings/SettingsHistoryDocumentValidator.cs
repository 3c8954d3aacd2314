using FluentValidation;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;
using static PhotoSettings.Emulator.Tenants.TenantDocumentValidator;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A tenant's imported settings history (<c>photoUpdateSettings</c> in a state document): its counters and
/// clock offset in range, each version complete and within <see cref="SettingsRules"/> for this tenant, and
/// the versions in the order they take effect.
/// </summary>
public sealed class SettingsHistoryDocumentValidator : AbstractValidator<SettingsHistoryDocument>
{
    public SettingsHistoryDocumentValidator(RoleCatalog roles)
    {
        RuleFor(h => h).Custom((history, context) =>
        {
            var path = context.PropertyChain.ToString();
            if (history.ChangeCount is < 0 or > ClockBounds.MaxChangeCount)
            {
                context.AddFailure("changeCount", $"{path}.changeCount must be from 0 to {ClockBounds.MaxChangeCount:D}.");
            }

            if (history.Superseded is < 0 or > ClockBounds.MaxChangeCount)
            {
                context.AddFailure("superseded", $"{path}.superseded must be from 0 to {ClockBounds.MaxChangeCount:D}.");
            }

            if (history.ClockOffset is { } offset && !DurationText.TryParseBetweenZeroAnd(offset, ClockBounds.MaxOffset, out _))
            {
                context.AddFailure("clockOffset",
                    $"{path}.clockOffset '{Clip(offset)}' is not a duration from zero to {ClockBounds.MaxOffsetText} (100 years), such as PT24H.");
            }
        });

        RuleForEach(h => h.Versions).SetValidator(new SettingsVersionDocumentValidator(roles)).OverridePropertyName("versions");
        RuleFor(h => h.Versions).Custom((versions, context) =>
        {
            var path = context.PropertyChain.ToString();
            DateTimeOffset? previous = null;
            for (var i = 0; i < (versions?.Count ?? 0); i++)
            {
                var at = $"{path}.versions[{i}]";
                if (versions![i] is not { } version)
                {
                    context.AddFailure($"versions[{i}]", $"{at} needs settings, requestedAt and effectiveAt.");
                }
                else if (SettingsVersionDocumentValidator.IsComplete(version) && version.EffectiveAt is { } effective)
                {
                    if (previous is { } before && effective < before)
                    {
                        context.AddFailure($"versions[{i}].effectiveAt", $"{at}.effectiveAt is before the previous version's: versions take effect in order.");
                    }

                    previous = effective;
                }
            }
        });
    }
}

/// <summary>One imported settings version: settings the tenant could hold, requested before it took effect.</summary>
public sealed class SettingsVersionDocumentValidator : AbstractValidator<SettingsVersionDocument>
{
    public SettingsVersionDocumentValidator(RoleCatalog roles) =>
        RuleFor(v => v).Custom((version, context) =>
        {
            var at = context.PropertyChain.ToString();
            if (!IsComplete(version))
            {
                context.AddFailure("", $"{at} needs settings, requestedAt and effectiveAt.");
                return;
            }

            var settings = version.Settings!;
            // Null (or absent) is Graph's unset source, the default.
            PhotoUpdateSource? source = null;
            if (settings.Source is not null)
            {
                if (SettingsRules.TryParseSource(settings.Source, out var parsed))
                {
                    source = parsed;
                }
                else
                {
                    context.AddFailure("settings.source", $"{at}.settings.source '{Clip(settings.Source)}' is not 'cloud', 'onPremises' or null.");
                }
            }

            foreach (var (field, message) in SettingsRules.Check(source, settings.AllowedRoles ?? [], SettingsRules.Owner.Of(TenantFacts.Of(context)), roles))
            {
                context.AddFailure($"settings.{field}", $"{at}.settings: {message}");
            }

            if (version.EffectiveAt < version.RequestedAt)
            {
                context.AddFailure("effectiveAt", $"{at}.effectiveAt is before its requestedAt.");
            }
        });

    public static bool IsComplete(SettingsVersionDocument version) =>
        version is { Settings: not null, RequestedAt: not null, EffectiveAt: not null };
}
