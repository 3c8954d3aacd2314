using FluentValidation;
using FluentValidation.Results;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The rules of a tenant document, wherever it comes from (tenants file, control API, state import). Each
/// child has its validator (TenantChildValidators.cs); this one holds the tenant's own fields and
/// what spans children (ids unique, null entries). Failure property names are JSON paths inside the tenant,
/// such as <c>users[1].roles[0]</c>.
/// </summary>
public sealed class TenantDocumentValidator : AbstractValidator<TenantDocument>
{
    public const int MaxNameLength = 256;

    /// <param name="roles">The built-in roles, which custom roles may not reuse and users may hold.</param>
    /// <param name="settingsHistory">The settings feature's rules for an imported history: Settings owns them.</param>
    public TenantDocumentValidator(RoleCatalog roles, IValidator<SettingsHistoryDocument> settingsHistory)
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

        RuleForEach(t => t.CustomRoles).SetValidator(new CustomRoleDocumentValidator(roles)).OverridePropertyName("customRoles");
        RuleFor(t => t.CustomRoles).Custom((customRoles, context) =>
        {
            NoNulls(customRoles, "customRoles", context);
            Unique(customRoles, "customRoles", "id", r => Guid.TryParse(r.Id, out var id) && !roles.IsBuiltIn(id) ? id.ToString() : null, "another custom role", context);
        });

        RuleForEach(t => t.Applications).SetValidator(new ApplicationDocumentValidator()).OverridePropertyName("applications");
        RuleFor(t => t.Applications).Custom((applications, context) =>
        {
            NoNulls(applications, "applications", context);
            Unique(applications, "applications", "appId", a => Guid.TryParse(a.AppId, out var id) ? id.ToString() : null, "another application", context);
        });

        RuleFor(t => t.PhotoUpdateSettings).SetValidator(settingsHistory!).OverridePropertyName("photoUpdateSettings");

        RuleForEach(t => t.Photos).SetValidator(new PhotoDocumentValidator()).OverridePropertyName("photos");
        RuleFor(t => t.Photos).Custom(UniquePhotos);

        RuleForEach(t => t.Users).SetValidator(new UserDocumentValidator(roles)).OverridePropertyName("users");
        RuleFor(t => t.Users).Custom((users, context) =>
        {
            NoNulls(users, "users", context);
            Unique(users, "users", "id", u => Guid.TryParse(u.Id, out var id) ? id.ToString() : null, "another user", context);
            Unique(users, "users", "userPrincipalName", u => UserDocumentValidator.WellFormedName(u.UserPrincipalName), "another user", context, StringComparer.OrdinalIgnoreCase);
        });
    }

    /// <summary>What the children judge against: the tenant's custom role ids, its user ids and its settings' owner, worked out once.</summary>
    protected override bool PreValidate(ValidationContext<TenantDocument> context, ValidationResult result)
    {
        var tenant = context.InstanceToValidate;
        TenantFacts.Set(context, tenant);
        return true;
    }

    /// <summary>Child validators pass over null entries: they are reported here.</summary>
    private static void NoNulls<TChild>(IReadOnlyList<TChild?>? children, string list, ValidationContext<TenantDocument> context)
        where TChild : class
    {
        for (var i = 0; i < (children?.Count ?? 0); i++)
        {
            if (children![i] is null)
            {
                context.AddFailure($"{list}[{i}]", $"{list}[{i}] is null.");
            }
        }
    }

    /// <summary>An entry whose key (null: none worth comparing) another entry already has.</summary>
    private static void Unique<TChild>(
        IReadOnlyList<TChild?>? children, string list, string field, Func<TChild, string?> key, string other,
        ValidationContext<TenantDocument> context, StringComparer? comparer = null)
        where TChild : class
    {
        var seen = new HashSet<string>(comparer ?? StringComparer.Ordinal);
        for (var i = 0; i < (children?.Count ?? 0); i++)
        {
            var path = $"{list}[{i}]";
            if (children![i] is { } child && key(child) is { } value && !seen.Add(value))
            {
                context.AddFailure($"{path}.{field}", $"{path}.{field} '{value}' is used by {other}.");
            }
        }
    }

    private static void UniquePhotos(IReadOnlyList<PhotoDocument?>? photos, ValidationContext<TenantDocument> context)
    {
        var users = TenantFacts.Of(context).UserIds;
        var seen = new HashSet<Guid>();
        for (var i = 0; i < (photos?.Count ?? 0); i++)
        {
            var path = $"photos[{i}]";
            if (photos![i] is not { } photo)
            {
                context.AddFailure($"{path}.userId", $"{path}.userId '' is not one of this tenant's users.");
            }
            else if (Guid.TryParse(photo.UserId, out var userId) && users.Contains(userId) && !seen.Add(userId))
            {
                context.AddFailure($"{path}.userId", $"{path}.userId '{userId}' has another photo in this document.");
            }
        }
    }

    public static void RequireName<T>(string? name, string path, ValidationContext<T> context)
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

    public static string Clip(string? text) => ClientText.Clip(text);
}

/// <summary>The tenant-wide facts the child validators need, kept in the root context data for one validation.</summary>
public sealed record TenantFacts(string DisplayName, bool IsHybrid, HashSet<Guid> CustomRoleIds, HashSet<Guid> UserIds)
{
    private const string Key = "tenantFacts";

    public static void Set(ValidationContext<TenantDocument> context, TenantDocument tenant)
    {
        var custom = (tenant.CustomRoles ?? []).Select(r => Guid.TryParse(r?.Id, out var g) ? g : Guid.Empty).ToHashSet();
        var users = (tenant.Users ?? []).Select(u => Guid.TryParse(u?.Id, out var g) ? g : Guid.Empty).ToHashSet();
        var hybrid = string.Equals(tenant.IdentityModel, "hybrid", StringComparison.OrdinalIgnoreCase);
        context.RootContextData[Key] = new TenantFacts(tenant.DisplayName ?? "", hybrid, custom, users);
    }

    public static TenantFacts Of(IValidationContext context) => (TenantFacts)context.RootContextData[Key];
}
