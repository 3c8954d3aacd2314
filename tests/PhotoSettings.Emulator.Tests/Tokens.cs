using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Tokens the emulator did not mint: unsigned, or signed by a stranger, with any claims.</summary>
public static class Tokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// An unsigned token whose payload is exactly <paramref name="payloadJson"/>, written as raw text: a
    /// serializer would refuse the lone surrogates and odd claim kinds that hostile-input tests send.
    /// </summary>
    public static string Raw(string payloadJson)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("""{"alg":"none","typ":"JWT"}"""u8.ToArray()) + "." + B64(System.Text.Encoding.UTF8.GetBytes(payloadJson)) + ".";
    }

    public static string Unsigned(Dictionary<string, object> claims) =>
        Handler.CreateToken(JsonSerializer.Serialize(claims));

    public static string SignedByStranger(Dictionary<string, object> claims)
    {
        using var rsa = RSA.Create(2048);
        return Handler.CreateToken(JsonSerializer.Serialize(claims), new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
    }

    /// <summary>The claims of a well-formed Graph token, valid for an hour from <paramref name="now"/>.</summary>
    public static Dictionary<string, object> Claims(DateTimeOffset now, Guid tenantId, params (string Name, object Value)[] extra)
    {
        var claims = new Dictionary<string, object>
        {
            ["aud"] = "https://graph.microsoft.com",
            ["tid"] = tenantId.ToString(),
            ["oid"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in extra)
        {
            if (value is null)
            {
                claims.Remove(name);
            }
            else
            {
                claims[name] = value;
            }
        }

        return claims;
    }
}
