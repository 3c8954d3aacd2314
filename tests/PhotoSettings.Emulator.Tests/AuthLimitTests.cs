using System.Net;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>What bounds a Graph caller's token: the Authorization header's size, and how many tenants Loose mode makes up.</summary>
public sealed class AuthLimitTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Fact]
    public async Task AnAuthorizationValuePastTheLimitIsRefusedWith401InGraphsEnvelopeAndChangesNothing()
    {
        await using var emulator = new EmulatorFactory();
        var now = emulator.Time.GetUtcNow();
        var before = await emulator.SettingsFingerprintAsync();
        var token = Tokens.Unsigned(Tokens.Claims(now, Hybrid, ("roles", new[] { "PeopleSettings.ReadWrite.All" }), ("pad", new string('p', 12 * 1024))));
        Assert.True(("Bearer " + token).Length > AccessTokenReader.MaxAuthorizationLength);

        var response = await emulator.ClientWith(token).PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"onPremises"}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", now,
            "The Authorization header is", $"the emulator reads at most {AccessTokenReader.MaxAuthorizationLength}");
        Assert.Equal(before, await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task AnAuthorizationValueJustWithinTheLimitIsRead()
    {
        await using var emulator = new EmulatorFactory();
        var now = emulator.Time.GetUtcNow();
        string Token(int pad) => Tokens.Unsigned(Tokens.Claims(now, Hybrid, ("roles", new[] { "PeopleSettings.Read.All" }), ("pad", new string('p', pad))));
        // One more byte of a claim is one or two more characters of base64url: take the longest token whose header fits.
        var pad = (AccessTokenReader.MaxAuthorizationLength - ("Bearer " + Token(0)).Length) * 3 / 4 - 4;
        while (("Bearer " + Token(pad + 1)).Length <= AccessTokenReader.MaxAuthorizationLength)
        {
            pad++;
        }

        var token = Token(pad);
        Assert.InRange(("Bearer " + token).Length, AccessTokenReader.MaxAuthorizationLength - 2, AccessTokenReader.MaxAuthorizationLength);

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(Hybrid.ToString(), await emulator.TenantOfLastRequestAsync());
    }

    [Fact]
    public async Task LooseModeProvisionsTenantsUpToTheLimitAndRefusesATokenForAnotherWith401()
    {
        // The two built-in tenants count: a limit of 3 leaves room for one made-up tenant.
        await using var emulator = new EmulatorFactory().With("Emulator:Tenants:AutoProvisionLimit", "3");
        var now = emulator.Time.GetUtcNow();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        string Token(Guid tenant) => Tokens.Unsigned(Tokens.Claims(now, tenant, ("roles", new[] { "PeopleSettings.Read.All" })));

        var provisioned = await emulator.ClientWith(Token(first)).GetAsync(EmulatorFactory.SettingsPath);
        await GraphAssert.SuccessAsync(provisioned, HttpStatusCode.OK);
        Assert.Equal(first.ToString(), await emulator.TenantOfLastRequestAsync());
        var refused = await emulator.ClientWith(Token(second)).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", now,
            $"Tenant '{second}' does not exist", "it provisions no more", "Emulator:Tenants:AutoProvisionLimit");
        var control = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync($"/_emulator/tenants/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await control.GetAsync($"/_emulator/tenants/{second}")).StatusCode);
        // A token for a tenant already held is still served at the limit.
        Assert.Equal(HttpStatusCode.OK, (await emulator.ClientWith(Token(first)).GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public void ANegativeAutoProvisionLimitStopsTheEmulatorFromStarting()
    {
        using var emulator = new EmulatorFactory().With("Emulator:Tenants:AutoProvisionLimit", "-1");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:Tenants:AutoProvisionLimit -1 is negative", error.ToString());
    }
}
