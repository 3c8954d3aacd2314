using FluentValidation;
using FluentValidation.Results;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>The answer to a tenant write: the state afterwards, whether it was created, or the problems.</summary>
public sealed record TenantWriteOutcome(TenantState? State, bool Created, IReadOnlyList<ValidationFailure> Problems);

/// <summary>Creates, replaces, deletes and resets tenants for the control API, validated like the tenants file.</summary>
public sealed class TenantService(ITenantStore store, IValidator<TenantDocument> validator, RoleCatalog roles)
{
    public ValueTask<IReadOnlyList<TenantState>> AllAsync() => store.AllAsync();

    public ValueTask<TenantState?> FindAsync(Guid tenantId) => store.FindAsync(tenantId);

    /// <summary>
    /// Creates the tenant, or replaces its directory (users, custom roles, identity model) keeping its
    /// settings, unless those settings would no longer be valid for the new directory.
    /// </summary>
    public async ValueTask<TenantWriteOutcome> PutAsync(Guid tenantId, TenantDocument document)
    {
        if (document.Id is not null && !(Guid.TryParse(document.Id, out var bodyId) && bodyId == tenantId))
        {
            return new(null, false, [new ValidationFailure("id", $"'id' '{Primitives.ClientText.Clip(document.Id)}' differs from the tenant id in the URL, '{tenantId}'.")]);
        }

        if (document.HasState)
        {
            return new(null, false, [new ValidationFailure("photoUpdateSettings",
                "A tenant's settings history and photos are state: import them with PUT /_emulator/state; PUT on a tenant takes its directory only.")]);
        }

        document = document with { Id = tenantId.ToString() };
        var result = validator.Validate(document);
        if (!result.IsValid)
        {
            return new(null, false, result.Errors);
        }

        var tenant = document.ToTenant();
        List<ValidationFailure> conflicts = [];
        var created = false;
        var state = await store.ChangeAsync(tenantId, current =>
        {
            created = current is null;
            if (current is null)
            {
                return TenantState.New(tenant);
            }

            conflicts = Conflicts(current, tenant);
            return conflicts.Count > 0 ? current : current with { Tenant = tenant };
        });
        return conflicts.Count > 0 ? new(null, false, conflicts) : new(state, created, []);
    }

    public async ValueTask<bool> DeleteAsync(Guid tenantId)
    {
        var existed = false;
        await store.ChangeAsync(tenantId, current =>
        {
            existed = current is not null;
            return null;
        });
        return existed;
    }

    public ValueTask<TenantState?> ResetAsync(Guid tenantId) => store.UpdateAsync(tenantId, current => current.Reset());

    /// <summary>What in the tenant's stored settings the new directory would make invalid, by <see cref="SettingsRules"/>.</summary>
    private List<ValidationFailure> Conflicts(TenantState current, Tenant replacement)
    {
        var settings = current.Configured;
        return [.. SettingsRules.Check(settings.Source, settings.AllowedRoles, SettingsRules.Owner.Of(replacement), roles)
            .Select(p => new ValidationFailure(
                // The directory field that broke the rule: the identity model, or the custom roles an allowed role named.
                p.Path == "source" ? "identityModel" : "customRoles",
                $"The tenant's photoUpdateSettings would break a rule with this directory: {p.Message} Reset the tenant or change its settings first."))];
    }
}
