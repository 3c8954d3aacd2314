using FluentValidation;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using static PhotoSettings.Emulator.Tenants.TenantDocumentValidator;

namespace PhotoSettings.Emulator.Tenants;

// The validators of a tenant document's children, each run by TenantDocumentValidator for every entry
// (RuleForEach(...).SetValidator(...)). A failure's property is named relative to the entry ("id") and
// FluentValidation prefixes the entry's path ("users[1].id"); messages name the same path, from the chain.

/// <summary>A custom role: its own GUID (not a built-in role's) and a name.</summary>
public sealed class CustomRoleDocumentValidator : AbstractValidator<CustomRoleDocument>
{
    public CustomRoleDocumentValidator(RoleCatalog roles) =>
        RuleFor(r => r).Custom((role, context) =>
        {
            var path = context.PropertyChain.ToString();
            if (!Guid.TryParse(role.Id, out var id))
            {
                context.AddFailure("id", $"{path}.id '{Clip(role.Id)}' is not a GUID.");
            }
            else if (roles.IsBuiltIn(id))
            {
                context.AddFailure("id", $"{path}.id '{id}' is the built-in role '{roles.DisplayName(id)}'; a custom role needs an id of its own.");
            }

            RequireName(role.DisplayName, $"{path}.displayName", context);
        });
}

/// <summary>A user: a GUID, a name@domain principal name, a name, and roles that are built in or the tenant's own.</summary>
public sealed class UserDocumentValidator : AbstractValidator<TenantUserDocument>
{
    public UserDocumentValidator(RoleCatalog roles) =>
        RuleFor(u => u).Custom((user, context) =>
        {
            var path = context.PropertyChain.ToString();
            if (!Guid.TryParse(user.Id, out _))
            {
                context.AddFailure("id", $"{path}.id '{Clip(user.Id)}' is not a GUID.");
            }

            if (WellFormedName(user.UserPrincipalName) is null)
            {
                context.AddFailure("userPrincipalName", $"{path}.userPrincipalName '{Clip(user.UserPrincipalName?.Trim())}' is not of the form name@domain.");
            }

            RequireName(user.DisplayName, $"{path}.displayName", context);

            var custom = TenantFacts.Of(context).CustomRoleIds;
            for (var r = 0; r < (user.Roles?.Count ?? 0); r++)
            {
                var role = user.Roles![r];
                var rolePath = $"{path}.roles[{r}]";
                if (!Guid.TryParse(role, out var roleId))
                {
                    context.AddFailure($"roles[{r}]", $"{rolePath} '{Clip(role)}' is not a role template id (a GUID).");
                }
                else if (!roles.IsBuiltIn(roleId) && !custom.Contains(roleId))
                {
                    context.AddFailure($"roles[{r}]", $"{rolePath} '{roleId}' is neither an Entra built-in role template id nor one of this tenant's customRoles.");
                }
            }
        });

    /// <summary>The trimmed principal name when it is of the form name@domain and not too long; otherwise null.</summary>
    public static string? WellFormedName(string? userPrincipalName)
    {
        var upn = userPrincipalName?.Trim();
        return string.IsNullOrEmpty(upn) || upn.IndexOf('@') is <= 0 || upn.EndsWith('@') || upn.Length > MaxNameLength ? null : upn;
    }
}

/// <summary>An application: its client id, a name, a secret, and permission names.</summary>
public sealed class ApplicationDocumentValidator : AbstractValidator<TenantApplicationDocument>
{
    public ApplicationDocumentValidator() =>
        RuleFor(a => a).Custom((app, context) =>
        {
            var path = context.PropertyChain.ToString();
            if (!Guid.TryParse(app.AppId, out _))
            {
                context.AddFailure("appId", $"{path}.appId '{Clip(app.AppId)}' is not a GUID (an application's client id).");
            }

            RequireName(app.DisplayName, $"{path}.displayName", context);
            var otherCredential = app.Certificates is { Count: > 0 } || app.ManagedIdentity == true;
            if ((app.ClientSecret is null && !otherCredential) || app.ClientSecret is { Length: 0 or > MaxNameLength })
            {
                // Required unless the application signs in with certificates or is a managed identity (docs/tenants-and-tokens.md).
                context.AddFailure("clientSecret", $"'{path}.clientSecret' is required, at most {MaxNameLength} characters.");
            }

            ApplicationCredentialRules.Check(app, path, context);

            for (var r = 0; r < (app.Roles?.Count ?? 0); r++)
            {
                var role = app.Roles![r];
                if (string.IsNullOrWhiteSpace(role) || role.Contains(' ') || role.Length > MaxNameLength)
                {
                    context.AddFailure($"roles[{r}]", $"{path}.roles[{r}] '{Clip(role)}' is not a permission name such as PeopleSettings.ReadWrite.All.");
                }
            }
        });
}

/// <summary>A stored photo: one of the tenant's users, base64 content that is the JPEG or PNG it says.</summary>
public sealed class PhotoDocumentValidator : AbstractValidator<PhotoDocument>
{
    public PhotoDocumentValidator() =>
        RuleFor(p => p).Custom((photo, context) =>
        {
            var path = context.PropertyChain.ToString();
            if (!Guid.TryParse(photo.UserId, out var userId) || !TenantFacts.Of(context).UserIds.Contains(userId))
            {
                context.AddFailure("userId", $"{path}.userId '{Clip(photo.UserId)}' is not one of this tenant's users.");
                return;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(photo.Content ?? "");
            }
            catch (FormatException)
            {
                context.AddFailure("content", $"{path}.content is not base64.");
                return;
            }

            var declared = photo.ContentType is "image/jpeg" or "image/png" ? photo.ContentType : photo.ContentType is null ? "" : "unsupported";
            var (_, problem) = declared == "unsupported"
                ? (null, BodyProblem.UnsupportedMediaType($"contentType '{Clip(photo.ContentType)}' is not image/jpeg or image/png."))
                : ImageContent.Inspect(bytes, declared);
            if (problem is not null)
            {
                context.AddFailure("content", $"{path}: {problem.Message}");
            }
        });
}
