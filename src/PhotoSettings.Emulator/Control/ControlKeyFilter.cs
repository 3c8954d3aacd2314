using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Hosting;

namespace PhotoSettings.Emulator.Control;

/// <summary>With <c>Emulator:Control:ApiKey</c> set, every control call must carry it in <c>X-Emulator-Key</c>.</summary>
public sealed class ControlKeyFilter(IOptions<EmulatorOptions> options) : IEndpointFilter
{
    public const string Header = "X-Emulator-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Value.Control.ApiKey is { Length: > 0 } key)
        {
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key)))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    detail: sent.Length == 0
                        ? $"The control API needs the {Header} header (Emulator:Control:ApiKey is set)."
                        : $"The {Header} header does not match Emulator:Control:ApiKey.");
            }
        }

        return await next(context);
    }
}
