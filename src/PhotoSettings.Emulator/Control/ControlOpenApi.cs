using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PhotoSettings.Emulator.Control;

/// <summary>Describes a control endpoint's JSON body in the OpenAPI document (handlers read bodies themselves).</summary>
public static class ControlOpenApi
{
    public static async Task Body<T>(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(T));
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }
}
