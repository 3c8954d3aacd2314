using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace PhotoSettings.Emulator.Graph;

/// <summary>The emulator's two OpenAPI documents, named once for every surface that joins one.</summary>
public static class OpenApiDocuments
{
    /// <summary>The Graph surface, at <c>/openapi/v1.json</c>.</summary>
    public const string Graph = "v1";

    /// <summary>What only the emulator serves (its control API, its Entra-shaped token service), at <c>/openapi/control.json</c>.</summary>
    public const string Emulator = "control";
}

/// <summary>
/// Names the OpenAPI schemas after Graph's own types, so the document reads like Graph's metadata. This names
/// the error envelope; each feature adds its own types' names with <see cref="Add"/>.
/// </summary>
public static class GraphSchemaNames
{
    public static string? For(JsonTypeInfo typeInfo) => (Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type) switch
    {
        var t when t == typeof(GraphErrorEnvelope) => "microsoft.graph.ODataErrors.ODataError",
        var t when t == typeof(GraphErrorBody) => "microsoft.graph.ODataErrors.MainError",
        var t when t == typeof(GraphErrorDetail) => "microsoft.graph.ODataErrors.ErrorDetails",
        var t when t == typeof(GraphInnerError) => "microsoft.graph.ODataErrors.InnerError",
        _ => OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo),
    };

    /// <summary>Names <paramref name="names"/>' types in the Graph document, before the names already given.</summary>
    public static void Add(OpenApiOptions options, Func<Type, string?> names)
    {
        var previous = options.CreateSchemaReferenceId;
        options.CreateSchemaReferenceId = typeInfo =>
            names(Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type) ?? previous(typeInfo);
    }
}
