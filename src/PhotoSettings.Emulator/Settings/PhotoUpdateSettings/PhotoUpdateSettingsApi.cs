using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;
using PhotoUpdateSettingsEngine = PhotoSettings.Emulator.Settings.SettingEngine<PhotoSettings.Emulator.Tenants.PhotoUpdateSettings, PhotoSettings.Emulator.Settings.SettingsRequest>;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// The Graph surface of <c>/beta/admin/people/photoUpdateSettings</c>. Hosting maps it behind the caller's token
/// and the fault rules; the handlers read the caller with <see cref="GraphCaller.Of"/>.
/// </summary>
public static class PhotoUpdateSettingsApi
{
    public const string Path = PhotoUpdateSettingsDeclaration.BetaPath;

    /// <summary>Larger settings bodies are refused with 413; a valid one is well under 5 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapPhotoUpdateSettingsApi(this IEndpointRouteBuilder app)
    {
        var declaration = app.ServiceProvider.GetRequiredService<PhotoUpdateSettingsDeclaration>();
        var group = app.MapGroup(Path).WithTags(declaration.Name);

        group.MapGet("", GetSettings)
            .WithMetadata(declaration.Read)
            .WithName("GetPhotoUpdateSettings")
            .WithSummary("Get photoUpdateSettings")
            .WithDescription("Reads the tenant's configured photo update settings. Supports $select (id, source, allowedRoles).")
            .AddOpenApiOperationTransformer(DescribeSelect);

        group.MapPatch("", PatchSettings)
            .WithMetadata(declaration.Write)
            .AddOpenApiOperationTransformer(DescribeBody)
            .WithName("UpdatePhotoUpdateSettings")
            .WithSummary("Update photoUpdateSettings")
            .WithDescription("Partial update: properties absent from the body keep their value. Answers 200 with the whole object.");

        group.MapPost("", PostSettings)
            .WithMetadata(declaration.Write)
            .AddOpenApiOperationTransformer(DescribeBody)
            .WithName("CreatePhotoUpdateSettings")
            .WithSummary("Set photoUpdateSettings")
            .WithDescription("Sets the whole object: absent properties take their defaults. Answers 201 with the object.");

        group.MapDelete("", DeleteSettings)
            .WithMetadata(declaration.Write)
            .WithName("DeletePhotoUpdateSettings")
            .WithSummary("Delete photoUpdateSettings")
            .WithDescription("Returns the tenant to the default settings (source unset, no allowed roles), as an unconfigured tenant answers. Answers 204.");

        group.MapDelete("/$ref", DeleteSettings)
            .WithMetadata(declaration.Write)
            .WithName("DeletePhotoUpdateSettingsRef")
            .WithSummary("Delete photoUpdateSettings ($ref)")
            .WithDescription("The same as DELETE on the resource, at the path Microsoft's reference also documents.");

        return group;
    }

    public static async Task<Results<GraphOk<PhotoUpdateSettingsResource>, GraphError>> GetSettings(HttpContext httpContext, PhotoUpdateSettingsEngine settings)
    {
        var (select, queryError) = ParseSelect(httpContext.Request);
        if (queryError is not null)
        {
            return queryError;
        }

        var outcome = await settings.GetAsync(GraphCaller.Of(httpContext).TenantId);
        return outcome.Error is { } error ? GraphErrors.From(error) : Ok(httpContext, outcome.State!, select);
    }

    public static async Task<Results<GraphOk<PhotoUpdateSettingsResource>, GraphError>> PatchSettings(
        HttpContext httpContext, PhotoUpdateSettingsEngine settings)
    {
        var (select, state, error) = await WriteAsync(httpContext, settings, SettingsWriteKind.Patch);
        return error is not null ? error : Ok(httpContext, state!, select);
    }

    public static async Task<Results<GraphCreated<PhotoUpdateSettingsResource>, GraphError>> PostSettings(
        HttpContext httpContext, PhotoUpdateSettingsEngine settings)
    {
        var (select, state, error) = await WriteAsync(httpContext, settings, SettingsWriteKind.Replace);
        return error is not null ? error : new GraphCreated<PhotoUpdateSettingsResource>(
            PhotoUpdateSettingsResource.From(state!, httpContext.Request, select),
            PhotoUpdateSettingsResource.Wire);
    }

    public static async Task<Results<NoContent, GraphError>> DeleteSettings(HttpContext httpContext, PhotoUpdateSettingsEngine settings)
    {
        var (_, queryError) = ParseSelect(httpContext.Request);
        if (queryError is not null)
        {
            return queryError;
        }

        var outcome = await settings.DeleteAsync(GraphCaller.Of(httpContext).TenantId);
        return outcome.Error is { } error ? GraphErrors.From(error) : TypedResults.NoContent();
    }

    /// <summary>
    /// A write's one pipeline: the query, then the body (one JSON object, each property named once), then the
    /// service's rules; the first refusal is answered, in Graph's words.
    /// </summary>
    private static async Task<(IReadOnlyList<string>? Select, TenantState? State, GraphError? Error)> WriteAsync(
        HttpContext httpContext, PhotoUpdateSettingsEngine settings, SettingsWriteKind kind)
    {
        var (select, queryError) = ParseSelect(httpContext.Request);
        if (queryError is not null)
        {
            return (null, null, queryError);
        }

        var (document, bodyProblem) = await JsonBody.ReadObjectAsync(httpContext.Request, MaxBodyBytes);
        using (document)
        {
            var (request, shapeProblem) = bodyProblem is null ? SettingsRequest.Read(document!.RootElement) : (null, bodyProblem);
            if (shapeProblem is not null)
            {
                return (null, null, GraphErrors.From(shapeProblem));
            }

            var outcome = await settings.WriteAsync(GraphCaller.Of(httpContext).TenantId, kind, request!);
            return outcome.Error is { } error ? (null, null, GraphErrors.From(error)) : (select, outcome.State, null);
        }
    }

    /// <summary>The <c>$select</c> option, as Graph's own description declares it on a GET.</summary>
    private static Task DescribeSelect(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "$select",
            In = ParameterLocation.Query,
            Description = "Select properties to be returned: id, source, allowedRoles (comma-separated).",
            Explode = false,
            Style = ParameterStyle.Form,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                UniqueItems = true,
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. PhotoUpdateSettingsResource.Properties.Select(p => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(p))] },
            },
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Declares the JSON body for the OpenAPI document only. (Accepts metadata would also make routing
    /// skip the endpoint for other content types, and the client would get 405 instead of Graph's 415.)
    /// </summary>
    private static Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [GraphJson.MediaType] = new() { Schema = new OpenApiSchemaReference(PhotoUpdateSettingsResource.TypeName, context.Document) },
            },
        };
        return Task.CompletedTask;
    }

    private static (IReadOnlyList<string>? Select, GraphError? Error) ParseSelect(HttpRequest request) =>
        ODataQuery.ParseSelect(request.Query, PhotoUpdateSettingsResource.TypeName, PhotoUpdateSettingsResource.Properties);

    private static GraphOk<PhotoUpdateSettingsResource> Ok(HttpContext httpContext, TenantState state, IReadOnlyList<string>? select) =>
        new(PhotoUpdateSettingsResource.From(state, httpContext.Request, select),
            PhotoUpdateSettingsResource.Wire);
}
