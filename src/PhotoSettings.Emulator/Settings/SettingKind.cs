using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A declared setting as the engine's shared parts see it (<see cref="ISettingKind"/>): a value read from a state
/// document goes through the same reader and validators as a Graph write's body, so an import can hold nothing a
/// PATCH would have refused.
/// </summary>
public sealed class SettingKind<TSettings, TRequest>(
    SettingDeclaration<TSettings, TRequest> declaration,
    IValidator<TRequest> requestValidator,
    IValidator<TSettings> settingsValidator) : ISettingKind
    where TSettings : class, ISettingValue<TSettings>
{
    public string Name => declaration.Name;

    public IReadOnlyList<string> GraphPaths => declaration.GraphPaths;

    public JsonElement ToJson(object settings) => declaration.ToJson((TSettings)settings);

    public (object? Settings, IReadOnlyList<(string Path, string Message)> Problems) Read(JsonElement json, TenantState tenant)
    {
        if (json.ValueKind != declaration.DocumentKind)
        {
            var expected = declaration.DocumentKind == JsonValueKind.Array ? "a JSON array" : "a JSON object";
            return (null, [("", $"must be {expected}, not {Graph.JsonBody.Describe(json.ValueKind)}.")]);
        }

        var (request, problem) = declaration.ReadBody(json);
        if (problem is not null)
        {
            return (null, [("", problem.Message)]);
        }

        var shape = requestValidator.Validate(SettingValidation.For(request!, tenant));
        if (!shape.IsValid)
        {
            return (null, [.. shape.Errors.Select(e => (e.PropertyName, e.ErrorMessage))]);
        }

        // A stored value is whole: what the body leaves out takes its default, as a POST would.
        var settings = declaration.Merge(request!, TSettings.Default);
        var rules = settingsValidator.Validate(SettingValidation.For(settings, tenant));
        return rules.IsValid ? (settings, []) : (null, [.. rules.Errors.Select(e => (e.PropertyName, e.ErrorMessage))]);
    }

    public object ReadStored(JsonElement json) => declaration.Merge(declaration.ReadBody(json).Request!, TSettings.Default);

    public ISettingHistory HistoryFrom(IEnumerable<StoredVersion> versions, long superseded) =>
        SettingHistory<TSettings>.From(versions.Select(v => new SettingVersion<TSettings>((TSettings)v.Settings, v.RequestedAt, v.EffectiveAt) { Sequence = v.Sequence }), superseded);
}
