using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A singleton setting whose Graph resource is a few plain properties (pronouns, namePronunciation, itemInsights):
/// the declaration lists them (<see cref="Properties"/>), and the shared body reader, its validator and
/// <see cref="SettingsApi"/> serve GET and PATCH at every path of <see cref="SettingDeclaration{TSettings, TRequest}.GraphPaths"/>,
/// answered with <c>@odata.context</c> and the properties <c>$select</c> keeps.
/// </summary>
public abstract class SingletonDeclaration<TSettings> : SettingDeclaration<TSettings, SettingBody>, ISettingGraph, ISettingRoutes
    where TSettings : class, ISettingValue<TSettings>
{
    /// <summary>Graph's type name (<c>microsoft.graph.pronounsSettings</c>): the schema's name and what <c>@odata.type</c> may say.</summary>
    public abstract string TypeName { get; }

    /// <summary>The resource's properties, in Graph's order and casing.</summary>
    public abstract IReadOnlyList<SettingProperty> Properties { get; }

    /// <summary>What the OpenAPI document says of the resource.</summary>
    public abstract string Description { get; }

    /// <summary>The value as the resource's properties (nulls written, as Graph writes an unset group).</summary>
    public abstract JsonObject ToObject(TSettings settings);

    public override (SettingBody? Request, BodyProblem? Problem) ReadBody(JsonElement body) => SettingBody.Read(body, TypeName, Properties);

    public override JsonElement ToJson(TSettings settings) =>
        JsonSerializer.SerializeToElement(ToObject(settings), EmulatorJsonContext.Default.JsonObject);

    public void MapGraph(IEndpointRouteBuilder graph) => SettingsApi.MapSingleton(graph, this);

    public async Task<Results<GraphOk<JsonObject>, GraphError>> GetAsync(HttpContext httpContext)
    {
        var (select, queryError) = ParseSelect(httpContext.Request);
        if (queryError is not null)
        {
            return queryError;
        }

        var outcome = await Engine(httpContext).GetAsync(GraphCaller.Of(httpContext).TenantId);
        return outcome.Error is { } error ? GraphErrors.From(error) : Ok(httpContext, outcome.State!, select);
    }

    /// <summary>A PATCH: the query, then the body (one JSON object, each property named once), then the engine; the first refusal is answered.</summary>
    public async Task<Results<GraphOk<JsonObject>, GraphError>> PatchAsync(HttpContext httpContext)
    {
        var (select, queryError) = ParseSelect(httpContext.Request);
        if (queryError is not null)
        {
            return queryError;
        }

        var (document, bodyProblem) = await JsonBody.ReadObjectAsync(httpContext.Request, SettingsApi.MaxBodyBytes);
        using (document)
        {
            var (request, shapeProblem) = bodyProblem is null ? ReadBody(document!.RootElement) : (null, bodyProblem);
            if (shapeProblem is not null)
            {
                return GraphErrors.From(shapeProblem);
            }

            var outcome = await Engine(httpContext).WriteAsync(GraphCaller.Of(httpContext).TenantId, SettingsWriteKind.Patch, request!);
            return outcome.Error is { } error ? GraphErrors.From(error) : Ok(httpContext, outcome.State!, select);
        }
    }

    /// <summary>The resource's property names, for <c>$select</c>.</summary>
    public IReadOnlyList<string> SelectableProperties => [.. Properties.Select(p => p.Name)];

    private static SettingEngine<TSettings, SettingBody> Engine(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<SettingEngine<TSettings, SettingBody>>();

    private (IReadOnlyList<string>? Select, GraphError? Error) ParseSelect(HttpRequest request) =>
        ODataQuery.ParseSelect(request.Query, TypeName, SelectableProperties);

    private GraphOk<JsonObject> Ok(HttpContext httpContext, TenantState state, IReadOnlyList<string>? select)
    {
        var request = httpContext.Request;
        var path = request.Path.Value ?? "";
        var version = path.StartsWith("/v1.0", StringComparison.OrdinalIgnoreCase) ? "v1.0" : "beta";
        var entitySet = GraphPaths.First(p => p.StartsWith("/" + version, StringComparison.Ordinal))[(version.Length + 2)..];
        var projection = select is null ? "" : $"({string.Join(',', select)})";
        var resource = new JsonObject { ["@odata.context"] = $"{request.Scheme}://{request.Host}/{version}/$metadata#{entitySet}{projection}/$entity" };
        foreach (var (name, value) in ToObject(HistoryOf(state).Configured))
        {
            if (select is null || select.Contains(name))
            {
                resource[name] = value?.DeepClone();
            }
        }

        return new GraphOk<JsonObject>(resource, EmulatorJsonContext.Wire.JsonObject);
    }
}

/// <summary>Rules on a singleton's merged value: none beyond its body's shape (its properties do not depend on the tenant).</summary>
public sealed class NoSettingRules<TSettings> : AbstractValidator<TSettings>;
