using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// The key the emulator signs its tokens with (RS256, like Entra). Made fresh per process: a token
/// minted by one run verifies in Strict mode only in that run.
/// </summary>
public sealed class EmulatorSigningKey : IDisposable
{
    // Made on first use: generating an RSA key is the slowest thing a start would otherwise do, and a
    // session that never mints or checks a signature (auth Off, Loose) never needs it.
    private readonly Lazy<(RSA Rsa, RsaSecurityKey Key, SigningCredentials Credentials)> _key = new(() =>
    {
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16].ToLowerInvariant() };
        return (rsa, key, new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    });

    public RsaSecurityKey Key => _key.Value.Key;

    public SigningCredentials Credentials => _key.Value.Credentials;

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Rsa.Dispose();
        }
    }
}
