using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>The settings resource's names in the Graph document: Graph's own type names.</summary>
public static class PhotoUpdateSettingsSchemaNames
{
    public const string SourceEnum = "microsoft.graph.photoUpdateSource";

    public static string? For(Type type) =>
        type == typeof(PhotoUpdateSettingsResource) ? PhotoUpdateSettingsResource.TypeName
        : type == typeof(PhotoUpdateSource) ? SourceEnum
        : null;
}

/// <summary>
/// Describes the resource as Graph does: <c>source</c> is one of Graph's enum members, or null for a tenant
/// that never set it (the nullable property's schema admits null), and no property is required: <c>$select</c>
/// leaves properties out of answers, and a PATCH body names only what it changes.
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
