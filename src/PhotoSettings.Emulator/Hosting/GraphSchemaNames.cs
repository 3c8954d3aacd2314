using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>Names the OpenAPI schemas after Graph's own types, so the document reads like Graph's metadata.</summary>
public static class GraphSchemaNames
{
    public const string SourceEnum = "microsoft.graph.photoUpdateSource";

    public static string? For(JsonTypeInfo typeInfo) => (Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type) switch
    {
        var t when t == typeof(PhotoUpdateSettingsResource) => PhotoUpdateSettingsResource.TypeName,
        var t when t == typeof(PhotoUpdateSource) => SourceEnum,
        var t when t == typeof(GraphErrorEnvelope) => "microsoft.graph.ODataErrors.ODataError",
        var t when t == typeof(GraphErrorBody) => "microsoft.graph.ODataErrors.MainError",
        var t when t == typeof(GraphErrorDetail) => "microsoft.graph.ODataErrors.ErrorDetails",
        var t when t == typeof(GraphInnerError) => "microsoft.graph.ODataErrors.InnerError",
        _ => OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo),
    };
}

/// <summary>
/// Describes the resource as Graph does: <c>source</c> is one of Graph's enum members (never null), and
/// no property is required: <c>$select</c> leaves properties out of answers, and a
/// PATCH body names only what it changes.
/// </summary>
public sealed class PhotoUpdateSettingsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(PhotoUpdateSource))
        {
            // As Graph's metadata lists it: every evolvable enum ends with unknownFutureValue, which a
            // client never sends (the emulator refuses it on write, as Graph does).
            schema.Type = JsonSchemaType.String;
            schema.Enum = [JsonValue.Create("cloud"), JsonValue.Create("onPremises"), JsonValue.Create("unknownFutureValue")];
        }
        else if (type == typeof(PhotoUpdateSettingsResource))
        {
            schema.Required = new HashSet<string>();
        }

        return Task.CompletedTask;
    }
}
