using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A tenant setting, declared once: where Graph serves it, who may read and write it, where its history lives on
/// the tenant, and how a write's body becomes a value. Its wire shape is the request type and the resource its API
/// answers with; its rules are the validators registered for <typeparamref name="TRequest"/> (the body's shape) and
/// <typeparamref name="TSettings"/> (the merged value against its tenant); its default is
/// <see cref="ISettingValue{TSelf}.Default"/>. <see cref="SettingEngine{TSettings, TRequest}"/> does the rest, the
/// same for every setting: the lock, the versioned history on the tenant's clock, the propagation delay, durability.
/// </summary>
public abstract class SettingDeclaration<TSettings, TRequest>
    where TSettings : class, ISettingValue<TSettings>
{
    /// <summary>Graph's name of the resource: the last segment of its paths, and its tag in the OpenAPI document.</summary>
    public abstract string Name { get; }

    /// <summary>Every Graph path that serves it, one per version (<c>/beta/admin/people/photoUpdateSettings</c>).</summary>
    public abstract IReadOnlyList<string> GraphPaths { get; }

    /// <summary>What a GET needs: an application permission, or a delegated one with one of the roles.</summary>
    public abstract GraphPermissionRequirement Read { get; }

    /// <summary>What a PATCH, POST or DELETE needs.</summary>
    public abstract GraphPermissionRequirement Write { get; }

    /// <summary>The configuration section of its propagation delay (<c>Emulator:Propagation</c>).</summary>
    public abstract string PropagationSection { get; }

    /// <summary>Its delay when the section gives none: what Microsoft documents for the setting.</summary>
    public virtual string DefaultDelay => "24:00:00";

    /// <summary>How many changes a tenant keeps pending when the section gives no <c>MaxPendingChanges</c>.</summary>
    public virtual int DefaultMaxPendingChanges => PropagationOptions.DefaultMaxPendingChanges;

    /// <summary>The setting's history in a tenant's state: its slot, keyed by <see cref="Name"/>.</summary>
    public SettingHistory<TSettings> HistoryOf(TenantState state) => state.HistoryOf<TSettings>(Name);

    /// <summary>The tenant's state with one accepted change recorded in the setting's slot (see <see cref="TenantState.WithChange{TSettings}"/>).</summary>
    public TenantState WithChange(TenantState state, TSettings settings, DateTimeOffset now, TimeSpan delay, int maxPending) =>
        state.WithChange(Name, settings, now, delay, maxPending);

    /// <summary>What a stored value is in a document: a JSON object (a singleton), or an array (a collection's items).</summary>
    public virtual JsonValueKind DocumentKind => JsonValueKind.Object;

    /// <summary>A write's body, one JSON object, as the request type: each property it knows kept for the validator, the rest listed as unknown.</summary>
    public abstract (TRequest? Request, BodyProblem? Problem) ReadBody(JsonElement body);

    /// <summary>A value as JSON, in the words of its Graph resource (the state document, the rows and the timeline carry it).</summary>
    public abstract JsonElement ToJson(TSettings settings);

    /// <summary>The value a valid request makes of <paramref name="basis"/>: the configured value for a PATCH, the default for a POST.</summary>
    public abstract TSettings Merge(TRequest request, TSettings basis);
}

/// <summary>How validators of a setting find the tenant they judge against: in the validation's root context data.</summary>
public static class SettingValidation
{
    public const string TenantKey = "tenant";

    public static ValidationContext<T> For<T>(T instance, TenantState tenant)
    {
        var context = new ValidationContext<T>(instance);
        context.RootContextData[TenantKey] = tenant;
        return context;
    }

    public static TenantState TenantOf<T>(ValidationContext<T> context) => (TenantState)context.RootContextData[TenantKey];
}
