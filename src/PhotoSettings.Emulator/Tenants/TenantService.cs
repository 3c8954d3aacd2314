using FluentValidation;
using FluentValidation.Results;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>The answer to a tenant write: the state afterwards, whether it was created, or the problems.</summary>
public sealed record TenantWriteOutcome(TenantState? State, bool Created, IReadOnlyList<ValidationFailure> Problems);

/// <summary>Creates, replaces, deletes and resets tenants for the control API, validated like the tenants file.</summary>
public sealed class TenantService(ITenantStore store, IValidator<TenantDocument> validator, IEnumerable<IDirectoryRule> directoryRules)
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

    /// <summary>What in the tenant's stored state the new directory would make invalid, by each feature's <see cref="IDirectoryRule"/>.</summary>
    private List<ValidationFailure> Conflicts(TenantState current, Tenant replacement) =>
        [.. directoryRules.SelectMany(rule => rule.Conflicts(current, replacement)).Select(c => new ValidationFailure(c.Field, c.Message))];
}

/// <summary>
/// What a feature's stored state asks of the tenant's directory (the settings' rules name its identity model
/// and custom roles): a directory replacement that would break it is refused, naming the directory field.
/// </summary>
public interface IDirectoryRule
{
    IEnumerable<(string Field, string Message)> Conflicts(TenantState current, Tenant replacement);
}
