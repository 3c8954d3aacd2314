using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;
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
/// What every tenant setting does the same way, independent of HTTP: read it, or validate a write against the
/// tenant it is aimed at and record it on the tenant's clock with its propagation delay, atomically and durably
/// (the store's <see cref="TenantStoreExtensions.UpdateAsync"/> answers once the change is stored), or reject it and store
/// nothing. What differs between settings is its <see cref="SettingDeclaration{TSettings, TRequest}"/> and its two validators.
/// </summary>
public sealed class SettingEngine<TSettings, TRequest>(
    SettingDeclaration<TSettings, TRequest> declaration,
    ITenantStore store,
    EmulatorClock clock,
    IOptionsMonitor<PropagationOptions> propagationOptions,
    IValidator<TRequest> requestValidator,
    IValidator<TSettings> settingsValidator)
    where TSettings : class, ISettingValue<TSettings>
{
    // The setting's own delay, mode, seed and cap, validated at start-up and fixed from then on.
    private readonly PropagationPolicy _propagation = new(propagationOptions.Get(declaration.Name));

    public SettingDeclaration<TSettings, TRequest> Declaration => declaration;

    public async ValueTask<SettingsOutcome> GetAsync(Guid tenantId) =>
        await store.FindAsync(tenantId) is { } state ? new(state, null) : TenantMissing(tenantId);

    /// <summary>The setting's history in <paramref name="state"/>: configured, effective at any time, pending.</summary>
    public SettingHistory<TSettings> HistoryOf(TenantState state) => declaration.HistoryOf(state);

    public async ValueTask<SettingsOutcome> WriteAsync(Guid tenantId, SettingsWriteKind kind, TRequest request)
    {
        DomainError? rejection = null;
        var state = await store.UpdateAsync(tenantId, current =>
        {
            var shape = requestValidator.Validate(SettingValidation.For(request, current));
            if (!shape.IsValid)
            {
                rejection = Invalid(shape);
                return current;
            }

            var next = declaration.Merge(request, kind == SettingsWriteKind.Patch ? declaration.HistoryOf(current).Configured : TSettings.Default);
            var rules = settingsValidator.Validate(SettingValidation.For(next, current));
            if (!rules.IsValid)
            {
                rejection = Invalid(rules);
                return current;
            }

            return Record(current, next);
        });

        return state is null ? TenantMissing(tenantId) : new(state, rejection);
    }

    /// <summary>
    /// A change computed from the configured value under the tenant's lock (a collection's POST, PATCH or DELETE of one
    /// item, which must see the items as they are): the next value is recorded like any write, an error changes nothing.
    /// </summary>
    public async ValueTask<SettingsOutcome> ChangeAsync(Guid tenantId, Func<TenantState, TSettings, (TSettings? Next, DomainError? Error)> change)
    {
        DomainError? rejection = null;
        var state = await store.UpdateAsync(tenantId, current =>
        {
            var (next, error) = change(current, declaration.HistoryOf(current).Configured);
            rejection = error;
            return error is null && next is not null ? Record(current, next) : current;
        });

        return state is null ? TenantMissing(tenantId) : new(state, rejection);
    }

    /// <summary>DELETE: the tenant goes back to the default, a change that propagates like any other.</summary>
    public async ValueTask<SettingsOutcome> DeleteAsync(Guid tenantId)
    {
        var state = await store.UpdateAsync(tenantId, current => Record(current, TSettings.Default));
        return state is null ? TenantMissing(tenantId) : new(state, null);
    }

    private TenantState Record(TenantState current, TSettings settings) =>
        declaration.WithChange(current, settings, clock.Now(current), _propagation.DelayFor(current.Tenant.Id, current.ChangeCount + 1), _propagation.MaxPendingChanges);

    private static SettingsOutcome TenantMissing(Guid tenantId) =>
        new(null, DomainError.NotFound($"Tenant '{tenantId}' does not exist in this emulator."));

    /// <summary>Every problem, the first being the message.</summary>
    private static DomainError Invalid(ValidationResult result) =>
        DomainError.Invalid([.. result.Errors.Select(e => new DomainProblem(e.PropertyName, e.ErrorMessage))]);
}
