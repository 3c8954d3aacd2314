using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Control;

/// <summary>With <c>Emulator:Control:ApiKey</c> set, every control call must carry it in <c>X-Emulator-Key</c>.</summary>
public sealed class ControlKeyFilter(IOptions<ControlOptions> options) : IEndpointFilter
{
    public const string Header = "X-Emulator-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key)))
            {
                return ControlProblem.Unauthorized(
                    sent.Length == 0
                        ? $"The control API needs the {Header} header (Emulator:Control:ApiKey is set)."
                        : $"The {Header} header does not match Emulator:Control:ApiKey.");
            }
        }

        return await next(context);
    }
}
