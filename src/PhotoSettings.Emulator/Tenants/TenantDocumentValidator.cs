using FluentValidation;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The rules of a tenant document, wherever it comes from (tenants file or control API). Failure
/// property names are JSON paths inside the tenant, such as <c>users[1].roles[0]</c>.
/// </summary>
public sealed class TenantDocumentValidator : AbstractValidator<TenantDocument>
{
    public const int MaxNameLength = 256;

    public TenantDocumentValidator(RoleCatalog roles)
    {
        RuleFor(t => t.Id).Custom((id, context) =>
        {
            if (!Guid.TryParse(id, out _))
            {
                context.AddFailure("id", id is null ? "'id' is required: the tenant id, a GUID." : $"'id' '{Clip(id)}' is not a GUID.");
            }
        });

        RuleFor(t => t.DisplayName).Custom((name, context) => RequireName(name, "displayName", context));

        RuleFor(t => t.IdentityModel).Custom((model, context) =>
        {
            if (model is not null && !model.Equals("cloudOnly", StringComparison.OrdinalIgnoreCase) && !model.Equals("hybrid", StringComparison.OrdinalIgnoreCase))
            {
                context.AddFailure("identityModel", $"'identityModel' '{Clip(model)}' is not 'cloudOnly' or 'hybrid'.");
            }
        });

        RuleFor(t => t.CustomRoles).Custom((customRoles, context) =>
        {
            var seen = new HashSet<Guid>();
            for (var i = 0; i < (customRoles?.Count ?? 0); i++)
            {
                var role = customRoles![i];
                var path = $"customRoles[{i}]";
                if (role is null)
                {
                    context.AddFailure(path, $"{path} is null.");
                    continue;
                }

                if (!Guid.TryParse(role.Id, out var id))
                {
                    context.AddFailure($"{path}.id", $"{path}.id '{Clip(role.Id)}' is not a GUID.");
                }
                else if (roles.IsBuiltIn(id))
                {
                    context.AddFailure($"{path}.id", $"{path}.id '{id}' is the built-in role '{roles.DisplayName(id)}'; a custom role needs an id of its own.");
                }
                else if (!seen.Add(id))
                {
                    context.AddFailure($"{path}.id", $"{path}.id '{id}' is used by another custom role.");
                }

                RequireName(role.DisplayName, $"{path}.displayName", context);
            }
        });

        RuleFor(t => t.Applications).Custom(ValidateApplications);
        RuleFor(t => t.PhotoUpdateSettings).Custom((history, context) => ValidateHistory(history, context, roles));
        RuleFor(t => t.Photos).Custom(ValidatePhotos);

        RuleFor(t => t.Users).Custom((users, context) =>
        {
            var tenant = context.InstanceToValidate;
            var custom = (tenant.CustomRoles ?? []).Select(r => Guid.TryParse(r?.Id, out var g) ? g : Guid.Empty).ToHashSet();
            var ids = new HashSet<Guid>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < (users?.Count ?? 0); i++)
            {
                var user = users![i];
                var path = $"users[{i}]";
                if (user is null)
                {
                    context.AddFailure(path, $"{path} is null.");
                    continue;
                }

                if (!Guid.TryParse(user.Id, out var id))
                {
                    context.AddFailure($"{path}.id", $"{path}.id '{Clip(user.Id)}' is not a GUID.");
                }
                else if (!ids.Add(id))
                {
                    context.AddFailure($"{path}.id", $"{path}.id '{id}' is used by another user.");
                }

                var upn = user.UserPrincipalName?.Trim();
                if (string.IsNullOrEmpty(upn) || upn.IndexOf('@') is <= 0 || upn.EndsWith('@') || upn.Length > MaxNameLength)
                {
                    context.AddFailure($"{path}.userPrincipalName", $"{path}.userPrincipalName '{Clip(upn)}' is not of the form name@domain.");
                }
                else if (!names.Add(upn))
                {
                    context.AddFailure($"{path}.userPrincipalName", $"{path}.userPrincipalName '{upn}' is used by another user.");
                }

                RequireName(user.DisplayName, $"{path}.displayName", context);

                for (var r = 0; r < (user.Roles?.Count ?? 0); r++)
                {
                    var role = user.Roles![r];
                    var rolePath = $"{path}.roles[{r}]";
                    if (!Guid.TryParse(role, out var roleId))
                    {
                        context.AddFailure(rolePath, $"{rolePath} '{Clip(role)}' is not a role template id (a GUID).");
                    }
                    else if (!roles.IsBuiltIn(roleId) && !custom.Contains(roleId))
                    {
                        context.AddFailure(rolePath, $"{rolePath} '{roleId}' is neither an Entra built-in role template id nor one of this tenant's customRoles.");
                    }
                }
            }
        });
    }

    private static void ValidateApplications(IReadOnlyList<TenantApplicationDocument>? applications, ValidationContext<TenantDocument> context)
    {
        var ids = new HashSet<Guid>();
        for (var i = 0; i < (applications?.Count ?? 0); i++)
        {
            var app = applications![i];
            var path = $"applications[{i}]";
            if (app is null)
            {
                context.AddFailure(path, $"{path} is null.");
                continue;
            }

            if (!Guid.TryParse(app.AppId, out var appId))
            {
                context.AddFailure($"{path}.appId", $"{path}.appId '{Clip(app.AppId)}' is not a GUID (an application's client id).");
            }
            else if (!ids.Add(appId))
            {
                context.AddFailure($"{path}.appId", $"{path}.appId '{appId}' is used by another application.");
            }

            RequireName(app.DisplayName, $"{path}.displayName", context);
            if (string.IsNullOrEmpty(app.ClientSecret) || app.ClientSecret.Length > MaxNameLength)
            {
                context.AddFailure($"{path}.clientSecret", $"'{path}.clientSecret' is required, at most {MaxNameLength} characters.");
            }

            for (var r = 0; r < (app.Roles?.Count ?? 0); r++)
            {
                var role = app.Roles![r];
                if (string.IsNullOrWhiteSpace(role) || role.Contains(' ') || role.Length > MaxNameLength)
                {
                    context.AddFailure($"{path}.roles[{r}]", $"{path}.roles[{r}] '{Clip(role)}' is not a permission name such as PeopleSettings.ReadWrite.All.");
                }
            }
        }
    }

    private static void ValidateHistory(SettingsHistoryDocument? history, ValidationContext<TenantDocument> context, RoleCatalog roles)
    {
        if (history is null)
        {
            return;
        }

        const string path = "photoUpdateSettings";
        var tenant = context.InstanceToValidate;
        var hybrid = string.Equals(tenant.IdentityModel, "hybrid", StringComparison.OrdinalIgnoreCase);
        var custom = (tenant.CustomRoles ?? []).Select(r => Guid.TryParse(r?.Id, out var g) ? g : Guid.Empty).ToHashSet();
        var owner = new SettingsRules.Owner(tenant.DisplayName ?? "", hybrid, custom.Contains);
        if (history.ChangeCount is < 0 or > ClockBounds.MaxChangeCount)
        {
            context.AddFailure($"{path}.changeCount", $"{path}.changeCount must be from 0 to {ClockBounds.MaxChangeCount:D}.");
        }

        if (history.Superseded is < 0 or > ClockBounds.MaxChangeCount)
        {
            context.AddFailure($"{path}.superseded", $"{path}.superseded must be from 0 to {ClockBounds.MaxChangeCount:D}.");
        }

        if (history.ClockOffset is { } offset && !DurationText.TryParseBetweenZeroAnd(offset, ClockBounds.MaxOffset, out _))
        {
            context.AddFailure($"{path}.clockOffset",
                $"{path}.clockOffset '{Clip(offset)}' is not a duration from zero to {ClockBounds.MaxOffsetText} (100 years), such as PT24H.");
        }

        DateTimeOffset? previous = null;
        for (var i = 0; i < (history.Versions?.Count ?? 0); i++)
        {
            var version = history.Versions![i];
            var at = $"{path}.versions[{i}]";
            if (version?.Settings is not { } settings || version.RequestedAt is not { } requested || version.EffectiveAt is not { } effective)
            {
                context.AddFailure(at, $"{at} needs settings, requestedAt and effectiveAt.");
                continue;
            }

            var parsed = SettingsRules.TryParseSource(settings.Source, out var source);
            if (!parsed)
            {
                context.AddFailure($"{at}.settings.source", $"{at}.settings.source '{Clip(settings.Source)}' is not 'cloud' or 'onPremises'.");
            }

            foreach (var (field, message) in SettingsRules.Check(parsed ? source : PhotoUpdateSource.Cloud, settings.AllowedRoles ?? [], owner, roles))
            {
                context.AddFailure($"{at}.settings.{field}", $"{at}.settings: {message}");
            }

            if (effective < requested)
            {
                context.AddFailure($"{at}.effectiveAt", $"{at}.effectiveAt is before its requestedAt.");
            }

            if (previous is { } before && effective < before)
            {
                context.AddFailure($"{at}.effectiveAt", $"{at}.effectiveAt is before the previous version's: versions take effect in order.");
            }

            previous = effective;
        }
    }

    private static void ValidatePhotos(IReadOnlyList<PhotoDocument>? photos, ValidationContext<TenantDocument> context)
    {
        var users = (context.InstanceToValidate.Users ?? []).Select(u => Guid.TryParse(u?.Id, out var g) ? g : Guid.Empty).ToHashSet();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < (photos?.Count ?? 0); i++)
        {
            var photo = photos![i];
            var path = $"photos[{i}]";
            if (photo is null || !Guid.TryParse(photo.UserId, out var userId) || !users.Contains(userId))
            {
                context.AddFailure($"{path}.userId", $"{path}.userId '{Clip(photo?.UserId)}' is not one of this tenant's users.");
                continue;
            }

            if (!seen.Add(userId))
            {
                context.AddFailure($"{path}.userId", $"{path}.userId '{userId}' has another photo in this document.");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(photo.Content ?? "");
            }
            catch (FormatException)
            {
                context.AddFailure($"{path}.content", $"{path}.content is not base64.");
                continue;
            }

            var declared = photo.ContentType is "image/jpeg" or "image/png" ? photo.ContentType : photo.ContentType is null ? "" : "unsupported";
            var (_, problem) = declared == "unsupported"
                ? (null, BodyProblem.UnsupportedMediaType($"contentType '{Clip(photo.ContentType)}' is not image/jpeg or image/png."))
                : ImageContent.Inspect(bytes, declared);
            if (problem is not null)
            {
                context.AddFailure($"{path}.content", $"{path}: {problem.Message}");
            }
        }
    }

    private static void RequireName<T>(string? name, string path, ValidationContext<T> context)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            context.AddFailure(path, $"'{path}' is required and may not be blank.");
        }
        else if (name.Length > MaxNameLength)
        {
            context.AddFailure(path, $"'{path}' is longer than {MaxNameLength} characters.");
        }
    }

    private static string Clip(string? text) => ClientText.Clip(text);
}
