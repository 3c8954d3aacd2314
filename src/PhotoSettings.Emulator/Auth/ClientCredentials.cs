using System.Text;

namespace PhotoSettings.Emulator.Auth;

/// <summary>How a client-credentials request names its client and its resource, read as Entra reads them.</summary>
public static class ClientCredentials
{
    /// <summary>client_secret_post, or client_secret_basic (an HTTP Basic header).</summary>
    public static (string ClientId, string ClientSecret) Of(HttpRequest request, IFormCollection form)
    {
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        if (System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                if (pair.Length == 2)
                {
                    id = id.Length > 0 ? id : Uri.UnescapeDataString(pair[0]);
                    secret = secret.Length > 0 ? secret : Uri.UnescapeDataString(pair[1]);
                }
            }
            catch (FormatException)
            {
                // Not Basic credentials after all; the form decides.
            }
        }

        return (id, secret);
    }

    /// <summary>Graph's <c>/.default</c> scope, by URI or app id, or the emulator host's own (what the SDK asks for without scopes).</summary>
    public static bool IsGraphDefaultScope(string scope, HttpRequest request)
    {
        string[] accepted =
        [
            "https://graph.microsoft.com/.default",
            "https://graph.microsoft.com//.default",
            TokenIssuer.GraphAppId + "/.default",
            $"{request.Scheme}://{request.Host}/.default",
            $"https://{request.Host.Host}/.default",
        ];
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // MSAL adds the OIDC scopes it always asks for; they do not change a client-credentials token.
        var resource = scopes.Where(s => s is not ("openid" or "profile" or "offline_access")).ToArray();
        return resource.Length == 1 && accepted.Contains(resource[0], StringComparer.OrdinalIgnoreCase);
    }
}
