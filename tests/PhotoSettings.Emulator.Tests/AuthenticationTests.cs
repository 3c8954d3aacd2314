using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>401s: what a client meets with no token or a bad one, in Loose and Strict mode.</summary>
public sealed class AuthenticationTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly string[] Methods = ["GET", "PATCH", "POST", "DELETE"];

    public static TheoryData<string, string, string> LooseFailures()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Methods)
        {
            data.Add(method, "none", "Access token is empty.");
            data.Add(method, "basic", "Access token is empty.");
            data.Add(method, "malformed", "Access token is malformed");
            data.Add(method, "expired", "Access token has expired or is not yet valid.");
            data.Add(method, "no-tid", "no 'tid' claim");
            data.Add(method, "no-exp", "no expiry");
        }

        return data;
    }

    public static TheoryData<string, string, string> StrictFailures()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Methods)
        {
            data.Add(method, "none", "Access token is empty.");
            data.Add(method, "malformed", "Access token is malformed");
            data.Add(method, "expired", "Access token has expired or is not yet valid.");
            data.Add(method, "wrong-audience", "Invalid audience.");
            data.Add(method, "bad-signature", "Invalid signature");
            data.Add(method, "unsigned", "Invalid signature");
            data.Add(method, "unknown-tenant", "does not exist in this emulator");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LooseFailures))]
    public async Task LooseModeRefusesMissingMalformedAndExpiredTokensWith401(string method, string token, string message)
    {
        var emulator = await shared.FreshAsync();
        await AssertRefusedAsync(emulator, method, token, message);
    }

    [Theory]
    [MemberData(nameof(StrictFailures))]
    public async Task StrictModeAlsoRefusesWrongAudienceForeignSignaturesAndUnknownTenants(string method, string token, string message)
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Auth:Mode", "Strict");
        await AssertRefusedAsync(emulator, method, token, message);
    }

    [Fact]
    public async Task LooseModeReadsUnsignedAndForeignSignedTokens()
    {
        var emulator = await shared.FreshAsync();
        var now = emulator.Time.GetUtcNow();
        var claims = Tokens.Claims(now, Hybrid, ("roles", new[] { "PeopleSettings.Read.All" }));

        foreach (var token in (string[])[Tokens.Unsigned(claims), Tokens.SignedByStranger(claims)])
        {
            var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);
            await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AnExpiredTokenIsStillReadWithinFiveMinutesOfSkew()
    {
        await using var emulator = new EmulatorFactory();
        var token = emulator.AppToken(Hybrid, lifetime: TimeSpan.FromMinutes(10));
        var client = emulator.ClientWith(token);

        emulator.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task StrictModeAcceptsTheEmulatorsOwnTokens()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Auth:Mode", "Strict");

        var response = await emulator.ClientWith(emulator.AppToken(Hybrid)).PatchAsync(
            EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"onPremises"}"""));

        await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task OffModeNeedsNoTokenAndActsInTheHybridTenant()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Auth:Mode", "Off");
        var client = emulator.ClientWith(null);

        var response = await client.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"onPremises","allowedRoles":[]}"""));

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(Hybrid.ToString(), await emulator.TenantOfLastRequestAsync());
        Assert.Equal("onPremises", body.GetProperty("source").GetString());
        // Even a token for another tenant is ignored: Off means the hybrid tenant, always.
        var other = emulator.ClientWith(emulator.AppToken(DefaultTenants.CloudOnlyId));
        Assert.Equal("onPremises", (await GraphAssert.JsonAsync(await other.GetAsync(EmulatorFactory.SettingsPath))).GetProperty("source").GetString());
        Assert.Equal(Hybrid.ToString(), await emulator.TenantOfLastRequestAsync());
    }

    [Fact]
    public async Task ATokenForAnUnknownTenantProvisionsAnEmptyCloudOnlyTenant()
    {
        var emulator = await shared.FreshAsync();
        var tenantId = Guid.NewGuid();
        var token = Tokens.Unsigned(Tokens.Claims(emulator.Time.GetUtcNow(), tenantId, ("roles", new[] { "PeopleSettings.ReadWrite.All" })));
        var client = emulator.ClientWith(token);

        var body = await GraphAssert.SuccessAsync(await client.GetAsync(EmulatorFactory.SettingsPath), HttpStatusCode.OK);
        Assert.Equal("null|[]", GraphAssert.Fingerprint(body));
        Assert.Equal(tenantId.ToString(), await emulator.TenantOfLastRequestAsync());

        var tenant = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync($"/_emulator/tenants/{tenantId}"));
        Assert.Equal("cloudOnly", tenant.GetProperty("identityModel").GetString());
        var refused = await client.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"onPremises"}"""));
        await GraphAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "only to hybrid tenants");
    }

    [Fact]
    public async Task WithoutAutoProvisioningAnUnknownTenantIs401()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Tenants:AutoProvision", "false");
        var token = Tokens.Unsigned(Tokens.Claims(emulator.Time.GetUtcNow(), Guid.NewGuid(), ("roles", new[] { "PeopleSettings.ReadWrite.All" })));

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", emulator.Time.GetUtcNow(), "does not exist in this emulator");
    }

    private static async Task AssertRefusedAsync(EmulatorFactory emulator, string method, string kind, string message)
    {
        await emulator.PatchAsync("""{"source":"cloud","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var before = await emulator.SettingsFingerprintAsync();
        var now = emulator.Time.GetUtcNow();
        var claims = Tokens.Claims(now, Hybrid, ("roles", new[] { "PeopleSettings.ReadWrite.All" }));
        var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Remove("Authorization");
        var header = kind == "unknown-tenant" ? "Bearer " + await MintForMissingTenantAsync(emulator) : kind switch
        {
            "none" => null,
            "basic" => "Basic dXNlcjpwYXNz",
            "malformed" => "Bearer not-a-jwt",
            "expired" => "Bearer " + SignedByEmulator(emulator, Tokens.Claims(now, Hybrid, ("exp", now.AddMinutes(-6).ToUnixTimeSeconds()), ("roles", new[] { "PeopleSettings.ReadWrite.All" }))),
            "no-tid" => "Bearer " + Tokens.Unsigned(Tokens.Claims(now, Hybrid, ("tid", null!))),
            "no-exp" => "Bearer " + Tokens.Unsigned(Tokens.Claims(now, Hybrid, ("exp", null!))),
            "wrong-audience" => "Bearer " + SignedByEmulator(emulator, Tokens.Claims(now, Hybrid, ("aud", "https://management.azure.com"), ("roles", new[] { "PeopleSettings.ReadWrite.All" }))),
            "bad-signature" => "Bearer " + Tokens.SignedByStranger(claims),
            "unsigned" => "Bearer " + Tokens.Unsigned(claims),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (header is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        }

        var request = new HttpRequestMessage(new HttpMethod(method), EmulatorFactory.SettingsPath);
        if (method is "PATCH" or "POST")
        {
            request.Content = EmulatorFactory.Json("""{"source":"onPremises","allowedRoles":[]}""");
        }

        var response = await client.SendAsync(request);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", now, message);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("authorization_uri=", challenge.Parameter);
        Assert.Equal(before, await emulator.SettingsFingerprintAsync());
    }

    /// <summary>An emulator-signed token for a tenant that is then deleted.</summary>
    private static async Task<string> MintForMissingTenantAsync(EmulatorFactory emulator)
    {
        var id = Guid.NewGuid();
        var put = await emulator.CreateClient().PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json("""{"displayName":"Gone Ltd"}"""));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var token = emulator.AppToken(id);
        Assert.Equal(HttpStatusCode.NoContent, (await emulator.CreateClient().DeleteAsync($"/_emulator/tenants/{id}")).StatusCode);
        return token;
    }

    /// <summary>A token with any claims, signed with the emulator's own key (so only its claims are wrong).</summary>
    private static string SignedByEmulator(EmulatorFactory emulator, Dictionary<string, object> claims)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var key = emulator.Services.GetRequiredService<EmulatorSigningKey>();
        return handler.CreateToken(System.Text.Json.JsonSerializer.Serialize(claims), key.Credentials);
    }
}
