using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Photos;

/// <summary>
/// The Graph surface of user profile photos, under <c>/beta</c> and <c>/v1.0</c>, for
/// <c>/users/{id | userPrincipalName}</c> and <c>/me</c>: where photoUpdateSettings take effect.
/// </summary>
public static class UserPhotosApi
{
    public static IEndpointRouteBuilder MapUserPhotosApi(this IEndpointRouteBuilder app)
    {
        foreach (var version in GraphSurface.Versions)
        {
            foreach (var (prefix, who) in new[] { ($"/{version}/users/{{userId}}", "User"), ($"/{version}/me", "Me") })
            {
                var suffix = $"{who}_{version.Replace(".", "")}";
                var group = app.MapGroup(prefix).WithTags("profilePhoto");
                group.MapGet("/photo", GetPhoto)
                    .WithName($"GetPhoto{suffix}").WithSummary("Get profilePhoto metadata")
                    .WithDescription("The photo's id, width, height and media type. 404 ImageNotFound when the user has none.");
                group.MapGet("/photo/$value", GetPhotoContent)
                    .WithName($"GetPhotoContent{suffix}").WithSummary("Get the photo's bytes")
                    .WithDescription("The stored image, with its content type and ETag; If-None-Match with that ETag answers 304.")
                    .AddOpenApiOperationTransformer(DescribeImageResponse);
                group.MapPut("/photo/$value", PutPhotoContent)
                    .WithName($"PutPhotoContent{suffix}").WithSummary("Update the photo")
                    .WithDescription("A JPEG or PNG body of at most 4 MB. Allowed only if the photoUpdateSettings in effect at the tenant's time allow the caller.")
                    .AddOpenApiOperationTransformer(DescribeImageBody);
                group.MapPatch("/photo/$value", PutPhotoContent)
                    .WithName($"PatchPhotoContent{suffix}").WithSummary("Update the photo (PATCH)")
                    .WithDescription("The same as PUT.")
                    .AddOpenApiOperationTransformer(DescribeImageBody);
                group.MapDelete("/photo", DeletePhoto)
                    .WithName($"DeletePhoto{suffix}").WithSummary("Delete the photo")
                    .WithDescription("Removes the photo; a write, so the photoUpdateSettings in effect apply.");
                group.MapGet("/photos", ListSizes)
                    .WithName($"ListPhotoSizes{suffix}").WithSummary("List the photo's sizes")
                    .WithDescription("Each of Graph's HD sizes (48x48 to 648x648) that fits inside the stored photo: id, width, height, media type and ETag.");
                group.MapGet("/photos/{size}", GetSize)
                    .WithName($"GetPhotoSize{suffix}").WithSummary("Get one size's metadata")
                    .WithDescription("404 ImageNotFound when the size is larger than the stored photo; 400 when it is not one of Graph's sizes.");
                group.MapGet("/photos/{size}/$value", GetSizeContent)
                    .WithName($"GetPhotoSizeContent{suffix}").WithSummary("Get one size's bytes")
                    .WithDescription("The photo centre-cropped to a square and resized, as a JPEG, with its ETag; If-None-Match with that ETag answers 304.")
                    .AddOpenApiOperationTransformer(DescribeJpegResponse);
                // Microsoft's profilephoto-delete reference deletes through $value; both forms are one operation.
                group.MapDelete("/photo/$value", DeletePhoto)
                    .WithName($"DeletePhotoContent{suffix}").WithSummary("Delete the photo ($value)")
                    .WithDescription("The same as DELETE .../photo.");
            }
        }

        return app;
    }

    public static async Task<Results<GraphOk<ProfilePhotoResource>, GraphError>> GetPhoto(HttpContext httpContext, PhotoService photos)
    {
        var outcome = await photos.ReadAsync(GraphCaller.Of(httpContext), UserKey(httpContext));
        if (outcome.Error is { } error)
        {
            return GraphErrors.From(error);
        }

        var photo = outcome.Photo!;
        return new GraphOk<ProfilePhotoResource>(
            new ProfilePhotoResource(
                MetadataUrl(httpContext, outcome.User!, "photo/$entity"),
                photo.ContentType,
                photo.ETag,
                $"{photo.Width}X{photo.Height}",
                photo.Width,
                photo.Height),
            EmulatorJsonContext.Wire.ProfilePhotoResource);
    }

    public static async Task<Results<FileContentHttpResult, GraphError>> GetPhotoContent(HttpContext httpContext, PhotoService photos)
    {
        var outcome = await photos.ReadAsync(GraphCaller.Of(httpContext), UserKey(httpContext));
        return outcome.Error is { } error
            ? GraphErrors.From(error)
            : TypedResults.File(outcome.Photo!.Content, outcome.Photo.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(outcome.Photo.ETag));
    }

    public static async Task<Results<GraphOk<ProfilePhotoCollection>, GraphError>> ListSizes(HttpContext httpContext, PhotoService photos)
    {
        var outcome = await photos.ReadAsync(GraphCaller.Of(httpContext), UserKey(httpContext));
        if (outcome.Error is { } error)
        {
            return GraphErrors.From(error);
        }

        var photo = outcome.Photo!;
        return new GraphOk<ProfilePhotoCollection>(
            new ProfilePhotoCollection(
                MetadataUrl(httpContext, outcome.User!, "photos"),
                [.. PhotoSizes.AvailableFor(photo).Select(side => new ProfilePhotoSizeResource(PhotoSize.ContentType, PhotoSizes.ETagOf(photo, side), PhotoSizes.IdOf(side), side, side))]),
            EmulatorJsonContext.Wire.ProfilePhotoCollection);
    }

    public static async Task<Results<GraphOk<ProfilePhotoResource>, GraphError>> GetSize(string size, HttpContext httpContext, PhotoService photos)
    {
        var (photo, user, error) = await ReadSizeAsync(size, httpContext, photos);
        if (error is not null)
        {
            return error;
        }

        var side = PhotoSizes.Parse(size)!.Value;
        return new GraphOk<ProfilePhotoResource>(
            new ProfilePhotoResource(MetadataUrl(httpContext, user!, "photos/$entity"), PhotoSize.ContentType, PhotoSizes.ETagOf(photo!, side), PhotoSizes.IdOf(side), side, side),
            EmulatorJsonContext.Wire.ProfilePhotoResource);
    }

    public static async Task<Results<FileContentHttpResult, GraphError>> GetSizeContent(string size, HttpContext httpContext, PhotoService photos, PhotoSizes sizes)
    {
        var (photo, _, error) = await ReadSizeAsync(size, httpContext, photos);
        if (error is not null)
        {
            return error;
        }

        var resized = await sizes.GetAsync(photo!, PhotoSizes.Parse(size)!.Value, httpContext.RequestAborted);
        return TypedResults.File(resized.Content, PhotoSize.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(resized.ETag));
    }

    /// <summary>The stored photo when <paramref name="size"/> is one of Graph's sizes and fits inside it.</summary>
    private static async ValueTask<(Tenants.UserPhoto? Photo, Tenants.TenantUser? User, GraphError? Error)> ReadSizeAsync(string size, HttpContext httpContext, PhotoService photos)
    {
        if (PhotoSizes.Parse(size) is not { } side)
        {
            return (null, null, GraphErrors.BadRequest(
                $"'{ClientText.Clip(size)}' is not a photo size; use one of {string.Join(", ", PhotoSizes.Sides.Select(PhotoSizes.IdOf))}."));
        }

        var outcome = await photos.ReadAsync(GraphCaller.Of(httpContext), UserKey(httpContext));
        if (outcome.Error is { } error)
        {
            return (null, null, GraphErrors.From(error));
        }

        return PhotoSizes.AvailableFor(outcome.Photo!).Contains(side)
            ? (outcome.Photo, outcome.User, null)
            : (null, null, GraphError.Create(StatusCodes.Status404NotFound, GraphErrors.ImageNotFoundCode,
                $"The photo is {outcome.Photo!.Width}x{outcome.Photo.Height}; a {PhotoSizes.IdOf(side)} size needs a photo at least that large on its shorter side."));
    }

    private static string MetadataUrl(HttpContext httpContext, Tenants.TenantUser user, string tail)
    {
        var request = httpContext.Request;
        var path = UserKey(httpContext) is null ? "me" : $"users('{user.Id}')";
        var version = request.Path.Value!.Split('/')[1].ToLowerInvariant();
        return $"{request.Scheme}://{request.Host}/{version}/$metadata#{path}/{tail}";
    }

    public static async Task<Results<Ok, GraphError>> PutPhotoContent(HttpContext httpContext, PhotoService photos)
    {
        var caller = GraphCaller.Of(httpContext);
        var key = UserKey(httpContext);
        if (await photos.CheckWriteAsync(caller, key) is { } denied)
        {
            return GraphErrors.From(denied);
        }

        var (image, problem) = await ImageBody.ReadAsync(httpContext.Request);
        if (problem is not null)
        {
            return GraphErrors.From(problem);
        }

        var outcome = await photos.WriteAsync(caller, key, image);
        return outcome.Error is { } error ? GraphErrors.From(error) : TypedResults.Ok();
    }

    public static async Task<Results<NoContent, GraphError>> DeletePhoto(HttpContext httpContext, PhotoService photos)
    {
        var outcome = await photos.WriteAsync(GraphCaller.Of(httpContext), UserKey(httpContext), upload: null);
        return outcome.Error is { } error ? GraphErrors.From(error) : TypedResults.NoContent();
    }

    /// <summary>The <c>{userId}</c> route value, or null for <c>/me</c> (never a query parameter).</summary>
    private static string? UserKey(HttpContext httpContext) => httpContext.GetRouteValue("userId") as string;

    private static Task DescribeImageResponse(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The photo's bytes.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ImageBody.Jpeg] = new() { Schema = binary },
                [ImageBody.Png] = new() { Schema = binary },
            },
        };
        operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: If-None-Match named the photo's ETag." };
        return Task.CompletedTask;
    }

    private static Task DescribeJpegResponse(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The resized photo.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [PhotoSize.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            },
        };
        operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: If-None-Match named this size's ETag." };
        return Task.CompletedTask;
    }

    private static Task DescribeImageBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ImageBody.Jpeg] = new() { Schema = binary },
                [ImageBody.Png] = new() { Schema = binary },
            },
        };
        return Task.CompletedTask;
    }
}

/// <summary>A collection of sizes: <c>GET .../photos</c>.</summary>
public sealed record ProfilePhotoCollection(
    [property: JsonPropertyName("@odata.context")] string ODataContext,
    [property: JsonPropertyName("value")] IReadOnlyList<ProfilePhotoSizeResource> Value);

/// <summary>One size in the collection (no context of its own, as in Graph's collections).</summary>
public sealed record ProfilePhotoSizeResource(
    [property: JsonPropertyName("@odata.mediaContentType")] string MediaContentType,
    [property: JsonPropertyName("@odata.mediaEtag")] string MediaETag,
    string Id,
    int Width,
    int Height);

/// <summary>The wire form of <c>microsoft.graph.profilePhoto</c>.</summary>
public sealed record ProfilePhotoResource(
    [property: JsonPropertyName("@odata.context")] string ODataContext,
    [property: JsonPropertyName("@odata.mediaContentType")] string MediaContentType,
    [property: JsonPropertyName("@odata.mediaEtag")] string MediaETag,
    string Id,
    int Width,
    int Height);
