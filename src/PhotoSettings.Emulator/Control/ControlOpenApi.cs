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

    /// <summary>Describes a handler's query parameters, read as strings so that a bad value gets our ProblemDetails, as the integers they are.</summary>
    public static Task IntegerQuery(OpenApiOperation operation, params (string Name, string Description)[] parameters)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            foreach (var (name, description) in parameters)
            {
                if (parameter.Name == name)
                {
                    parameter.Description = description;
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
                }
            }
        }

        return Task.CompletedTask;
    }
}
