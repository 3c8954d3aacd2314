using FluentValidation;
using FluentValidation.Results;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>How a write treats properties its body leaves out.</summary>
public enum SettingsWriteKind
{
    /// <summary>PATCH: absent properties keep their value.</summary>
    Patch,

    /// <summary>POST: the body is the whole object; absent properties take their defaults.</summary>
    Replace,
}

/// <summary>The answer to a settings operation: the tenant's state afterwards, or why nothing changed.</summary>
public sealed record SettingsOutcome(TenantState? State, GraphError? Error);

/// <summary>
/// The photoUpdateSettings rules, independent of HTTP: validate a write against the tenant it is
/// aimed at and store it atomically, or reject it and store nothing.
/// </summary>
public sealed class SettingsService(
    ITenantStore store,
    EmulatorClock clock,
    PropagationPolicy propagation,
    IValidator<SettingsRequest> requestValidator,
    IValidator<PhotoUpdateSettings> settingsValidator)
{
    public SettingsOutcome Get(Guid tenantId) =>
        store.Find(tenantId) is { } state ? new(state, null) : TenantMissing(tenantId);

    public SettingsOutcome Write(Guid tenantId, SettingsWriteKind kind, SettingsRequest request)
    {
        GraphError? rejection = null;
        var state = store.Update(tenantId, current =>
        {
            var shape = requestValidator.Validate(SettingsRequestValidator.ContextFor(request, current));
            if (!shape.IsValid)
            {
                rejection = ToGraphError(shape);
                return current;
            }

            var change = request.ToChange();
            var next = change.MergeInto(kind == SettingsWriteKind.Patch ? current.Configured : PhotoUpdateSettings.Default);
            var rules = settingsValidator.Validate(PhotoUpdateSettingsValidator.ContextFor(next, current));
            if (!rules.IsValid)
            {
                rejection = ToGraphError(rules);
                return current;
            }

            return Record(current, next);
        });

        return state is null ? TenantMissing(tenantId) : new(state, rejection);
    }

    /// <summary>DELETE: the tenant goes back to the default settings, a change that propagates like any other.</summary>
    public SettingsOutcome Delete(Guid tenantId)
    {
        var state = store.Update(tenantId, current => Record(current, PhotoUpdateSettings.Default));
        return state is null ? TenantMissing(tenantId) : new(state, null);
    }

    /// <summary>The settings in effect for the tenant now, on its own clock.</summary>
    public PhotoUpdateSettings Effective(TenantState tenant) => tenant.EffectiveAt(clock.Now(tenant));

    private TenantState Record(TenantState current, PhotoUpdateSettings settings) =>
        current.WithChange(settings, clock.Now(current), propagation.DelayFor(current.Tenant.Id, current.ChangeCount + 1), propagation.MaxPendingChanges);

    private static SettingsOutcome TenantMissing(Guid tenantId) =>
        new(null, GraphErrors.NotFound($"Tenant '{tenantId}' does not exist in this emulator."));

    /// <summary>The first problem is the message; all of them go in Graph's <c>details</c>.</summary>
    private static GraphError ToGraphError(ValidationResult result)
    {
        var error = GraphErrors.BadRequest(result.Errors[0].ErrorMessage);
        return result.Errors.Count == 1
            ? error
            : error.WithDetails([.. result.Errors.Select(e => new GraphErrorDetail(GraphErrors.BadRequestCode, e.ErrorMessage, e.PropertyName))]);
    }
}
