using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace PhotoSettings.Emulator.Graph;

/// <summary>Graph's JSON media type, and the success results that answer with it.</summary>
public static class GraphJson
{
    public const string MediaType = "application/json";

    /// <summary>The exact Content-Type Graph sends with JSON answers, successes and errors alike.</summary>
    public const string ContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    internal static async Task WriteAsync<T>(HttpContext httpContext, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        // Serialised whole, so the answer has a Content-Length rather than chunked encoding (cheaper, and what Graph sends).
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}

/// <summary>200 OK with a Graph JSON body.</summary>
public sealed class GraphOk<T>(T value, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => GraphJson.WriteAsync(httpContext, StatusCode, value, typeInfo);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), [GraphJson.MediaType]));
}

/// <summary>201 Created with a Graph JSON body.</summary>
public sealed class GraphCreated<T>(T value, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status201Created;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => GraphJson.WriteAsync(httpContext, StatusCode, value, typeInfo);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), [GraphJson.MediaType]));
}
