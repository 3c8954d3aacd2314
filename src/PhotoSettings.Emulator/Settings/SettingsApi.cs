using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Settings;

/// <summary>A declaration that serves Graph routes: <see cref="SettingsApi.MapSettingsApi"/> maps every one registered.</summary>
public interface ISettingRoutes
{
    void MapGraph(IEndpointRouteBuilder graph);
}

/// <summary>A declared singleton's Graph surface, as the shared handlers and OpenAPI description read it without knowing its types.</summary>
public interface ISettingGraph
{
    string Name { get; }

    string TypeName { get; }

    string Description { get; }

    IReadOnlyList<string> GraphPaths { get; }

    IReadOnlyList<SettingProperty> Properties { get; }

    GraphPermissionRequirement Read { get; }

    GraphPermissionRequirement Write { get; }

    Task<Results<GraphOk<JsonObject>, GraphError>> GetAsync(HttpContext httpContext);

    Task<Results<GraphOk<JsonObject>, GraphError>> PatchAsync(HttpContext httpContext);
}

/// <summary>
/// The Graph routes of every declared setting: each declaration maps its own (photoUpdateSettings its API class, with
/// POST, DELETE and <c>$ref</c>); a singleton's are made here from its declaration: GET and PATCH at each of its paths, behind
/// the permissions it declares, with <c>$select</c>, Graph's envelope for every refusal and an OpenAPI operation each.
/// The handlers take only the <see cref="HttpContext"/> and find their declaration in the endpoint's metadata, so one
/// non-generic handler serves every setting (a generic handler could not be bound ahead of time for native AOT).
/// </summary>
public static class SettingsApi
{
    /// <summary>Larger settings bodies are refused with 413; a valid one is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder graph)
    {
        foreach (var setting in graph.ServiceProvider.GetServices<ISettingRoutes>())
        {
            setting.MapGraph(graph);
        }

        foreach (var (path, version) in (ReadOnlySpan<(string, string)>)[("/v1.0/admin/people", "V1"), ("/beta/admin/people", "Beta")])
        {
            graph.MapGet(path, GetPeopleAdminSettings).WithTags("peopleAdminSettings")
                .WithMetadata(GraphPermissionRequirement.ReadSettings)
                .WithName($"GetPeopleAdminSettings{version}")
                .WithSummary("Get peopleAdminSettings")
                .WithDescription("The container of the people settings (pronouns, itemInsights, photoUpdateSettings and the rest, each at its own path "
                    + "below this one): its id, the tenant's. Takes no query options, as Graph documents it.");
        }

        return graph;
    }

    public static async Task<Results<GraphOk<JsonObject>, GraphError>> GetPeopleAdminSettings(HttpContext httpContext, Tenants.ITenantStore store)
    {
        var (_, queryError) = ODataQuery.ParseSelect(httpContext.Request.Query, PeopleAdminSettingsType, ["id"]);
        if (queryError is not null)
        {
            return queryError;
        }

        var tenantId = GraphCaller.Of(httpContext).TenantId;
        if (await store.FindAsync(tenantId) is null)
        {
            return GraphErrors.NotFound($"Tenant '{tenantId}' does not exist in this emulator.");
        }

        var request = httpContext.Request;
        var version = request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) ? "v1.0" : "beta";
        return new GraphOk<JsonObject>(new JsonObject
        {
            ["@odata.context"] = $"{request.Scheme}://{request.Host}/{version}/$metadata#admin/people/$entity",
            ["id"] = tenantId.ToString(),
        }, EmulatorJsonContext.Wire.JsonObject);
    }

    private const string PeopleAdminSettingsType = "microsoft.graph.peopleAdminSettings";

    public static void MapSingleton(IEndpointRouteBuilder graph, ISettingGraph setting)
    {
        var pascal = char.ToUpperInvariant(setting.Name[0]) + setting.Name[1..];
        foreach (var path in setting.GraphPaths)
        {
            var version = path.StartsWith("/v1.0", StringComparison.Ordinal) ? "V1" : "Beta";
            var group = graph.MapGroup(path).WithTags(setting.Name).WithMetadata(setting);
            // Cast: a handler of the HttpContext alone would otherwise be taken for a RequestDelegate, its result discarded.
            group.MapGet("", (Delegate)GetSetting)
                .WithMetadata(setting.Read)
                .WithName($"Get{pascal}{version}")
                .WithSummary($"Get {setting.Name}")
                .WithDescription($"Reads the tenant's configured {setting.Name}: what Graph answers at once after a change. Supports $select ("
                    + string.Join(", ", setting.Properties.Select(p => p.Name)) + ").")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, setting, withBody: false));
            group.MapPatch("", (Delegate)PatchSetting)
                .WithMetadata(setting.Write)
                .WithName($"Update{pascal}{version}")
                .WithSummary($"Update {setting.Name}")
                .WithDescription("Partial update: properties absent from the body keep their value. Answers 200 with the whole object; "
                    + "users see the change once it has propagated (the setting's delay on the tenant's clock).")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, setting, withBody: true));
        }
    }

    public static Task<Results<GraphOk<JsonObject>, GraphError>> GetSetting(HttpContext httpContext) => Declared(httpContext).GetAsync(httpContext);

    public static Task<Results<GraphOk<JsonObject>, GraphError>> PatchSetting(HttpContext httpContext) => Declared(httpContext).PatchAsync(httpContext);

    private static ISettingGraph Declared(HttpContext httpContext) =>
        httpContext.GetEndpoint()!.Metadata.GetMetadata<ISettingGraph>()!;

    /// <summary>The resource's schema under Graph's type name, the 200's body and the PATCH's body pointing at it, and <c>$select</c>.</summary>
    private static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, ISettingGraph setting, bool withBody)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(setting.TypeName))
        {
            document.Components.Schemas[setting.TypeName] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = setting.Description,
                Properties = setting.Properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)(p.Kind == SettingPropertyKind.Boolean
                    ? new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = p.Description }
                    : new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = p.Description })),
            };
        }

        var reference = new OpenApiSchemaReference(setting.TypeName, document);
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue(GraphJson.MediaType, out var media) == true)
        {
            media.Schema = reference;
        }

        if (withBody)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [GraphJson.MediaType] = new() { Schema = reference } },
            };
        }
        else
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "$select",
                In = ParameterLocation.Query,
                Description = "Select properties to be returned: " + string.Join(", ", setting.Properties.Select(p => p.Name)) + " (comma-separated).",
                Explode = false,
                Style = ParameterStyle.Form,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    UniqueItems = true,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. setting.Properties.Select(p => (JsonNode)JsonValue.Create(p.Name))] },
                },
            });
        }

        return Task.CompletedTask;
    }
}
