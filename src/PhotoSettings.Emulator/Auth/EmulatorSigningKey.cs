using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// The key the emulator signs its tokens with (RS256, like Entra). Made fresh per process: a token
/// minted by one run verifies in Strict mode only in that run.
/// </summary>
public sealed class EmulatorSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public EmulatorSigningKey()
    {
        Key = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexString(SHA256.HashData(_rsa.ExportRSAPublicKey()))[..16].ToLowerInvariant() };
        Credentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
    }

    public RsaSecurityKey Key { get; }

    public SigningCredentials Credentials { get; }

    public void Dispose() => _rsa.Dispose();
}
