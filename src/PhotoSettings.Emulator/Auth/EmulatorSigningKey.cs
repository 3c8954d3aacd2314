using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// The key the emulator signs its tokens with (RS256, like Entra). One per process, made on first use: a token
/// minted by one run verifies in Strict mode only in that run, and every emulator hosted in one process (a test
/// suite's in-process hosts) signs with the same key, as Entra's tenants share theirs.
/// </summary>
public sealed class EmulatorSigningKey
{
    // Generating a 2048-bit RSA key took 300-450 ms of the 330-660 ms a new in-process emulator cost to its first
    // answered token (bench/run.sh's fixture row), so it is made once for the process, not once per host; and only
    // on first use, since a session that never mints or checks a signature (auth Off, Loose) never needs it. The
    // key lives as long as the process, so it is never disposed.
    private static readonly Lazy<(RsaSecurityKey Key, SigningCredentials Credentials)> Shared = new(() =>
    {
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16].ToLowerInvariant() };
        return (key, new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    });

    public RsaSecurityKey Key => Shared.Value.Key;

    public SigningCredentials Credentials => Shared.Value.Credentials;
}
