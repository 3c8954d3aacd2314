using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>A declared collection's Graph surface, as the shared handlers and OpenAPI description read it without knowing its item type.</summary>
public interface ICollectionGraph
{
    string Name { get; }

    string TypeName { get; }

    string Description { get; }

    IReadOnlyList<string> GraphPaths { get; }

    string KeyName { get; }

    string? AlternateKeyName { get; }

    bool KeyIsMade { get; }

    IReadOnlyList<string> SelectableProperties { get; }

    IReadOnlyList<string> PropertiesNotIn(string version);

    /// <summary>The OpenAPI schema name of the item's type as <paramref name="version"/> defines it.</summary>
    string SchemaNameAt(string version);

    IReadOnlyList<(string TypeName, IReadOnlyList<CollectionProperty> Properties)> Types { get; }

    IReadOnlyList<(string TypeName, IReadOnlyList<string> Members)> Enums { get; }

    GraphPermissionRequirement Read { get; }

    /// <summary>What the list (and its <c>$count</c>) demands; <see cref="Read"/> unless a reference page gives the list its own table.</summary>
    GraphPermissionRequirement ListRead { get; }

    GraphPermissionRequirement Write { get; }

    Task<Results<GraphOk<JsonObject>, GraphError>> ListAsync(HttpContext httpContext);

    Task<Results<GraphCreated<JsonObject>, GraphError>> CreateAsync(HttpContext httpContext);

    Task<Results<ContentHttpResult, GraphError>> CountAsync(HttpContext httpContext);

    Task<Results<GraphOk<JsonObject>, GraphError>> GetAsync(HttpContext httpContext, string key, bool alternate);

    Task<Results<GraphOk<JsonObject>, GraphError>> PatchAsync(HttpContext httpContext, string key, bool alternate);

    Task<Results<NoContent, GraphError>> DeleteAsync(HttpContext httpContext, string key, bool alternate);
}

/// <summary>
/// The Graph routes of a keyed collection, made from its declaration at each of its paths: the list (with
/// <c>$select</c>) and POST at the path; GET, PATCH and DELETE of one item at <c>{path}/{id}</c>, at OData's
/// parenthesised <c>{path}('{id}')</c> and, where Graph has one, at the alternate key (<c>profileSources(sourceId='…')</c>).
/// As <see cref="SettingsApi"/>'s are, the handlers are non-generic and find their declaration in the endpoint's metadata.
/// </summary>
public static class CollectionApi
{
    private const string KeyRoute = "key";

    public static void MapCollection(IEndpointRouteBuilder graph, ICollectionGraph collection)
    {
        var pascal = char.ToUpperInvariant(collection.Name[0]) + collection.Name[1..];
        var item = collection.TypeName[(collection.TypeName.LastIndexOf('.') + 1)..];
        foreach (var path in collection.GraphPaths)
        {
            var version = path.StartsWith("/v1.0", StringComparison.Ordinal) ? "V1" : "Beta";
            var group = graph.MapGroup(path).WithTags(collection.Name).WithMetadata(collection);
            group.MapGet("", (Delegate)List).WithMetadata(collection.ListRead)
                .WithName($"List{pascal}{version}").WithSummary($"List {collection.Name}")
                .WithDescription($"The tenant's configured {collection.Name}, in the order they were created (an unconfigured tenant has none). Supports $select ("
                    + string.Join(", ", collection.SelectableProperties.Except(collection.PropertiesNotIn(version == "V1" ? "v1.0" : "beta"))) + "), $filter (eq, ne, startswith, any on string collections; and, or, not) and $orderby (asc, desc).")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, collection, body: false, select: true));
            group.MapPost("", (Delegate)Create).WithMetadata(collection.Write)
                .WithName($"Create{pascal}{version}").WithSummary($"Create {item}")
                .WithDescription((collection.KeyIsMade ? "The service makes the id. " : $"The body names the key ({collection.KeyName}); a key the tenant has answers 409. ")
                    + "Answers 201 with the item and its URL in Location; users see it once the change has propagated.")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, collection, body: true, select: false));

            // What the SDKs' request builders also offer ({path}/$count); a literal segment, so it wins over {key}.
            group.MapGet("/$count", (Delegate)Count).WithMetadata(collection.ListRead)
                .WithName($"Count{pascal}{version}").WithSummary($"Count {collection.Name}")
                .WithDescription("How many items the tenant has configured, as text/plain. Takes no query options.");

            // $count takes GET only; without these, {key}'s PATCH and DELETE would take '$count' for a key (404, or 403
            // for a token the item routes refuse), and the fallback's Allow would list the item's methods.
            group.MapMethods("/$count", CountRefusedMethods, (Delegate)CountMethodNotAllowed)
                .WithMetadata(new UnmatchedRequests.Marker()).ExcludeFromDescription();
            MapItem(group, $"/{{{KeyRoute}}}", collection, $"{pascal}{version}", item, described: true);
            MapItem(graph.MapGroup($"{path}('{{{KeyRoute}}}')").WithMetadata(collection).WithTags(collection.Name), "", collection, $"{pascal}{version}Key", item, described: false);
            if (collection.AlternateKeyName is { } alternate)
            {
                MapItem(graph.MapGroup($"{path}({alternate}='{{{KeyRoute}}}')").WithMetadata(collection).WithMetadata(AlternateKey.Instance).WithTags(collection.Name),
                    "", collection, $"{pascal}{version}By{char.ToUpperInvariant(alternate[0])}{alternate[1..]}", item, described: true);
            }

            // An empty literal matches no {key} route (a route value is never empty): answer it as the malformed key it is.
            foreach (var empty in collection.AlternateKeyName is { } named ? new[] { $"{path}('')", $"{path}({named}='')" } : [$"{path}('')"])
            {
                graph.MapMethods(empty, [HttpMethods.Get, HttpMethods.Patch, HttpMethods.Delete], (Delegate)EmptyKey)
                    .WithMetadata(collection).WithMetadata(collection.Read).ExcludeFromDescription();
            }
        }
    }

    private static void MapItem(RouteGroupBuilder group, string pattern, ICollectionGraph collection, string name, string item, bool described)
    {
        var builders = new[]
        {
            group.MapGet(pattern, (Delegate)Get).WithMetadata(collection.Read).WithName($"Get{name}").WithSummary($"Get {item}")
                .WithDescription("One item by its key. Takes no query options, as Graph documents it; an unknown key answers 404.")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, collection, body: false, select: false)),
            group.MapPatch(pattern, (Delegate)Patch).WithMetadata(collection.Write).WithName($"Update{name}").WithSummary($"Update {item}")
                .WithDescription("Partial update: properties absent from the body keep their value, a collection sent replaces the old one whole (OData's rule); the key cannot change. Answers 200 with the whole item.")
                .AddOpenApiOperationTransformer((operation, context, _) => Describe(operation, context, collection, body: true, select: false)),
            group.MapDelete(pattern, (Delegate)Delete).WithMetadata(collection.Write).WithName($"Delete{name}").WithSummary($"Delete {item}")
                .WithDescription("Removes the item: a change that propagates like any other. Answers 204."),
        };
        if (!described)
        {
            foreach (var builder in builders)
            {
                builder.ExcludeFromDescription();
            }
        }
    }

    public static Task<Results<GraphOk<JsonObject>, GraphError>> List(HttpContext httpContext) => Declared(httpContext).ListAsync(httpContext);

    public static Task<Results<GraphCreated<JsonObject>, GraphError>> Create(HttpContext httpContext) => Declared(httpContext).CreateAsync(httpContext);

    public static Task<Results<ContentHttpResult, GraphError>> Count(HttpContext httpContext) => Declared(httpContext).CountAsync(httpContext);

    private static readonly string[] CountRefusedMethods =
        [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Head, HttpMethods.Options, HttpMethods.Trace];

    public static GraphError CountMethodNotAllowed(HttpContext httpContext) =>
        GraphErrors.MethodNotAllowed(httpContext.Request.Method, httpContext.Request.Path.Value ?? "", [HttpMethods.Get]);

    public static async Task<Results<GraphOk<JsonObject>, GraphError>> Get(HttpContext httpContext)
    {
        var (key, malformed) = Key(httpContext);
        if (malformed is not null)
        {
            return malformed;
        }

        return await Declared(httpContext).GetAsync(httpContext, key, IsAlternate(httpContext));
    }

    public static async Task<Results<GraphOk<JsonObject>, GraphError>> Patch(HttpContext httpContext)
    {
        var (key, malformed) = Key(httpContext);
        if (malformed is not null)
        {
            return malformed;
        }

        return await Declared(httpContext).PatchAsync(httpContext, key, IsAlternate(httpContext));
    }

    public static async Task<Results<NoContent, GraphError>> Delete(HttpContext httpContext)
    {
        var (key, malformed) = Key(httpContext);
        if (malformed is not null)
        {
            return malformed;
        }

        return await Declared(httpContext).DeleteAsync(httpContext, key, IsAlternate(httpContext));
    }

    /// <summary>400 for any OData system option: Graph's reference says these operations support none.</summary>
    public static GraphError? RefuseQuery(HttpRequest request, string typeName) =>
        request.Query.Keys.FirstOrDefault(ODataQuery.IsSystemOption) is { } option
            ? GraphErrors.BadRequest($"The query option '${ClientText.Clip(option.TrimStart('$')).ToLowerInvariant()}' is not supported on '{typeName}': this operation takes no OData query options.")
            : null;

    private static ICollectionGraph Declared(HttpContext httpContext) => httpContext.GetEndpoint()!.Metadata.GetMetadata<ICollectionGraph>()!;

    private static bool IsAlternate(HttpContext httpContext) => httpContext.GetEndpoint()!.Metadata.GetMetadata<AlternateKey>() is not null;

    /// <summary>
    /// The key as the path gives it. Inside OData's quotes a quote is written twice (<c>'O''Brien'</c>): a lone one ends
    /// the literal, so <c>('a'b')</c> or <c>(sourceId='x',id='y')</c> is no key but a malformed segment (as an empty literal
    /// is, <see cref="EmptyKey"/>); each is a 400 in Graph's words rather than a 404 for a key nobody could have.
    /// </summary>
    private static (string Key, GraphError? Error) Key(HttpContext httpContext)
    {
        var key = httpContext.Request.RouteValues[KeyRoute] as string ?? "";
        if (httpContext.Request.Path.Value?.EndsWith("')", StringComparison.Ordinal) != true)
        {
            return (key, null);
        }

        return key.Replace("''", "", StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal)
            ? (key, GraphErrors.BadRequest($"The key segment '({ClientText.Clip(key)})' is not a valid OData key literal: a quote inside it is written twice ('O''Brien'), and one key is given."))
            : (key.Replace("''", "'", StringComparison.Ordinal), null);
    }

    public static GraphError EmptyKey(HttpContext httpContext) =>
        GraphErrors.BadRequest("The key segment is empty: a key in parentheses is a quoted literal with at least one character, such as ('CustomAttribute1').");

    /// <summary>Marks the routes of the alternate key.</summary>
    private sealed class AlternateKey
    {
        public static AlternateKey Instance { get; } = new();
    }

    /// <summary>The item's schema (and those of the types it holds) under Graph's names; the body and the 200/201 pointing at it; <c>$select</c> on the list.</summary>
    private static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, ICollectionGraph collection, bool body, bool select)
    {
        var document = context.Document!;
        var version = context.Description.RelativePath?.StartsWith("v1.0", StringComparison.OrdinalIgnoreCase) == true ? "v1.0" : "beta";
        var schemaName = collection.SchemaNameAt(version);
        var hidden = collection.PropertiesNotIn(version);
        var selectable = collection.SelectableProperties.Except(hidden).ToList();
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (typeName, members) in collection.Enums)
        {
            document.Components.Schemas.TryAdd(typeName, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. members.Select(m => (JsonNode)JsonValue.Create(m))] });
        }

        foreach (var (typeName, properties) in collection.Types)
        {
            var isItem = typeName == collection.TypeName;
            var name = isItem ? schemaName : typeName;
            if (!document.Components.Schemas.ContainsKey(name))
            {
                document.Components.Schemas[name] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = isItem ? collection.Description + (name == typeName ? "" : $" ({version}'s {typeName})") : null,
                    Properties = properties.Where(p => !isItem || !hidden.Contains(p.Name)).ToDictionary(p => p.Name, p => Schema(p, document)),
                };
            }
        }

        IOpenApiSchema reference = new OpenApiSchemaReference(schemaName, document);
        var isList = select;
        if (isList)
        {
            reference = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["@odata.context"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["value"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(schemaName, document) },
                },
            };
        }

        foreach (var status in (ReadOnlySpan<string>)["200", "201"])
        {
            if (operation.Responses?.TryGetValue(status, out var ok) == true && ok.Content?.TryGetValue(GraphJson.MediaType, out var media) == true)
            {
                media.Schema = reference;
            }
        }

        if (body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [GraphJson.MediaType] = new() { Schema = new OpenApiSchemaReference(schemaName, document) } },
            };
        }

        if (select)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "$select",
                In = ParameterLocation.Query,
                Description = "Select properties to be returned: " + string.Join(", ", selectable) + " (comma-separated).",
                Explode = false,
                Style = ParameterStyle.Form,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    UniqueItems = true,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. selectable.Select(p => (JsonNode)JsonValue.Create(p))] },
                },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "$filter",
                In = ParameterLocation.Query,
                Description = "Filter items: eq and ne on string, boolean and enum properties ('text' with '' for a quote, true, false, null; strings match case-insensitively), "
                    + "startswith(property,'text'), collection/any(u:u eq 'text') on string collections, combined with and, or, not and parentheses. At most 2,000 characters.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2000 },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "$orderby",
                In = ParameterLocation.Query,
                Description = "Order items by one or more single-valued properties, each followed by asc (the default) or desc; nulls first ascending, strings case-insensitively.",
                Explode = false,
                Style = ParameterStyle.Form,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>A property's schema from its Graph metadata type.</summary>
    private static IOpenApiSchema Schema(CollectionProperty property, OpenApiDocument document)
    {
        const string collectionOf = "Collection(";
        return property.Edm switch
        {
            "Edm.String" => new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = property.Description },
            "Edm.Boolean" => new OpenApiSchema { Type = JsonSchemaType.Boolean | JsonSchemaType.Null, Description = property.Description },
            "Collection(Edm.String)" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = property.Description },
            var edm when edm.StartsWith(collectionOf, StringComparison.Ordinal) => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchemaReference(edm[collectionOf.Length..^1], document),
                Description = property.Description,
            },
            var edm => new OpenApiSchema { OneOf = [new OpenApiSchemaReference(edm, document), new OpenApiSchema { Type = JsonSchemaType.Null }], Description = property.Description },
        };
    }
}
