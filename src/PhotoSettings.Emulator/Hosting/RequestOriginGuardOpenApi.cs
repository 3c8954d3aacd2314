using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Declares the guard's refusals on every operation of every OpenAPI document, since <see cref="RequestOriginGuard"/>
/// answers them before any endpoint runs: 403 everywhere (a foreign Host; another site's write), and 415 on control
/// operations a body can be sent to (one sent without a Content-Type). The answer's shape is the operation's own error
/// dialect, so it is copied from an error response the operation already declares.
/// </summary>
public sealed class RequestOriginGuardOpenApi : IOpenApiOperationTransformer
{
    private const string GuardDescription =
        "Forbidden by the request guard: a Host the emulator does not serve, or a write another site sent (see docs/security.md).";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var errorShape = (operation.Responses.TryGetValue("401", out var unauthorized) ? unauthorized
            : operation.Responses.TryGetValue("400", out var bad) ? bad : null)?.Content;
        if (!operation.Responses.ContainsKey("403"))
        {
            operation.Responses["403"] = new OpenApiResponse { Description = GuardDescription, Content = Copy(errorShape) };
        }

        // Any control request that carries a body without a type is refused, whether or not its route reads one.
        var isControl = context.Description.RelativePath?.StartsWith("_emulator", StringComparison.OrdinalIgnoreCase) == true;
        var mayCarryBody = context.Description.HttpMethod is not ("GET" or "HEAD");
        if (isControl && mayCarryBody && !operation.Responses.ContainsKey("415"))
        {
            operation.Responses["415"] = new OpenApiResponse
            {
                Description = "The body declares no media type (or not application/json).",
                Content = Copy(errorShape),
            };
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, OpenApiMediaType>? Copy(IDictionary<string, OpenApiMediaType>? content) =>
        content is null ? null : content.ToDictionary(c => c.Key, c => new OpenApiMediaType { Schema = c.Value.Schema });
}
