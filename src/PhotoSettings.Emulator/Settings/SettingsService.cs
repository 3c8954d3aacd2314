using FluentValidation;
using FluentValidation.Results;
using PhotoSettings.Emulator.Primitives;
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

/// <summary>The answer to a settings operation: the tenant's state afterwards, or why nothing changed (the API words it as Graph does).</summary>
public sealed record SettingsOutcome(TenantState? State, DomainError? Error);

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
    public async ValueTask<SettingsOutcome> GetAsync(Guid tenantId) =>
        await store.FindAsync(tenantId) is { } state ? new(state, null) : TenantMissing(tenantId);

    public async ValueTask<SettingsOutcome> WriteAsync(Guid tenantId, SettingsWriteKind kind, SettingsRequest request)
    {
        DomainError? rejection = null;
        var state = await store.UpdateAsync(tenantId, current =>
        {
            var shape = requestValidator.Validate(SettingsRequestValidator.ContextFor(request, current));
            if (!shape.IsValid)
            {
                rejection = Invalid(shape);
                return current;
            }

            var change = request.ToChange();
            var next = change.MergeInto(kind == SettingsWriteKind.Patch ? current.Configured : PhotoUpdateSettings.Default);
            var rules = settingsValidator.Validate(PhotoUpdateSettingsValidator.ContextFor(next, current));
            if (!rules.IsValid)
            {
                rejection = Invalid(rules);
                return current;
            }

            return Record(current, next);
        });

        return state is null ? TenantMissing(tenantId) : new(state, rejection);
    }

    /// <summary>DELETE: the tenant goes back to the default settings, a change that propagates like any other.</summary>
    public async ValueTask<SettingsOutcome> DeleteAsync(Guid tenantId)
    {
        var state = await store.UpdateAsync(tenantId, current => Record(current, PhotoUpdateSettings.Default));
        return state is null ? TenantMissing(tenantId) : new(state, null);
    }

    private TenantState Record(TenantState current, PhotoUpdateSettings settings) =>
        current.WithChange(settings, clock.Now(current), propagation.DelayFor(current.Tenant.Id, current.ChangeCount + 1), propagation.MaxPendingChanges);

    private static SettingsOutcome TenantMissing(Guid tenantId) =>
        new(null, DomainError.NotFound($"Tenant '{tenantId}' does not exist in this emulator."));

    /// <summary>Every problem, the first being the message.</summary>
    private static DomainError Invalid(ValidationResult result) =>
        DomainError.Invalid([.. result.Errors.Select(e => new DomainProblem(e.PropertyName, e.ErrorMessage))]);
}
