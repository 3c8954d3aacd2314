using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>Names the OpenAPI schemas after Graph's own types, so the document reads like Graph's metadata.</summary>
public static class GraphSchemaNames
{
    public static string? For(JsonTypeInfo typeInfo) => typeInfo.Type switch
    {
        var t when t == typeof(PhotoUpdateSettingsResource) => PhotoUpdateSettingsResource.TypeName,
        var t when t == typeof(PhotoUpdateSource) => "microsoft.graph.photoUpdateSource",
        var t when t == typeof(Graph.GraphErrorEnvelope) => "microsoft.graph.ODataErrors.ODataError",
        _ => OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo),
    };
}
