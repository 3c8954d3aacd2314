using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Client credentials with a certificate (<c>client_assertion</c>), as Entra's certificate credentials, by raw requests.</summary>
public sealed class ClientAssertionTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid TenantId = Guid.Parse("fab10000-0000-4000-8000-000000000001");
    private const string AppId = "fab10000-0000-4000-8000-0000000000a1";

    // Key generation is slow; two certificates serve every test (the in-process clock starts 2026-01-01).
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 Registered = ClientAssertions.Certificate(Start);
    private static readonly X509Certificate2 Stranger = ClientAssertions.Certificate(Start, "CN=stranger");

    private static string TokenPath => $"/{TenantId}/oauth2/v2.0/token";

    private static string Audience => $"http://localhost/{TenantId}/oauth2/v2.0/token";

    private async Task<EmulatorFactory> WithTenantAsync()
    {
        var emulator = await shared.FreshAsync();
        var put = await emulator.CreateClient().PutAsync($"/_emulator/tenants/{TenantId}", EmulatorFactory.Json(ClientAssertions.Tenant(TenantId, AppId, Registered)));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return emulator;
    }

    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string error, int code)
    {
        var body = await GraphAssert.JsonAsync(response);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal([code], body.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.StartsWith($"AADSTS{code}: ", body.GetProperty("error_description").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
        return body;
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256, "http://localhost/{0}/oauth2/v2.0/token")]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256, "http://localhost/{0}/oauth2/v2.0/token")]
    [InlineData(SecurityAlgorithms.RsaSha256, "https://login.microsoftonline.com/{0}/oauth2/v2.0/token")]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256, "https://login.microsoftonline.com/{0}/v2.0")]
    public async Task AnAssertionSignedWithARegisteredCertificateGetsATokenThatReadsTheSettings(string algorithm, string audience)
    {
        var emulator = await WithTenantAsync();
        var assertion = ClientAssertions.Create(Registered, AppId, string.Format(audience, TenantId), emulator.Time.GetUtcNow(), algorithm);

        var response = await emulator.ClientWith(null).PostAsync(TokenPath, ClientAssertions.Form(AppId, assertion));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = new JsonWebToken((await GraphAssert.JsonAsync(response)).GetProperty("access_token").GetString());
        Assert.Equal(AppId, token.GetPayloadValue<string>("appid"));
        Assert.Equal(TenantId.ToString(), token.GetPayloadValue<string>("tid"));
        Assert.Equal(["PeopleSettings.ReadWrite.All"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        await GraphAssert.SuccessAsync(await emulator.ClientWith(token.EncodedToken).GetAsync(EmulatorFactory.SettingsPath), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAssertionWithoutAClientIdIsReadForItsIssuer()
    {
        var emulator = await WithTenantAsync();
        var assertion = ClientAssertions.Create(Registered, AppId, Audience, emulator.Time.GetUtcNow());
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_assertion_type"] = ClientAssertions.JwtBearer,
            ["client_assertion"] = assertion,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["grant_type"] = "client_credentials",
        });

        Assert.Equal(HttpStatusCode.OK, (await emulator.ClientWith(null).PostAsync(TokenPath, form)).StatusCode);
    }

    public static TheoryData<string, HttpStatusCode, string, int> Refusals => new()
    {
        { "unknown certificate", HttpStatusCode.Unauthorized, "invalid_client", 700027 },
        { "bad signature", HttpStatusCode.Unauthorized, "invalid_client", 700027 },
        { "HS256", HttpStatusCode.Unauthorized, "invalid_client", 700027 },
        { "expired", HttpStatusCode.Unauthorized, "invalid_client", 700024 },
        { "not yet valid", HttpStatusCode.Unauthorized, "invalid_client", 700024 },
        { "wrong audience", HttpStatusCode.Unauthorized, "invalid_client", 700023 },
        { "another issuer", HttpStatusCode.Unauthorized, "invalid_client", 700021 },
        { "no jti", HttpStatusCode.BadRequest, "invalid_request", 50027 },
        { "not a JWT", HttpStatusCode.BadRequest, "invalid_request", 50027 },
        { "too long", HttpStatusCode.BadRequest, "invalid_request", 50027 },
        { "secret as well", HttpStatusCode.BadRequest, "invalid_request", 90023 },
        { "another assertion type", HttpStatusCode.BadRequest, "invalid_request", 90023 },
        { "no assertion type", HttpStatusCode.BadRequest, "invalid_request", 900144 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EachBadAssertionIsRefusedWithEntrasCodeAndGetsNoToken(string fault, HttpStatusCode status, string error, int code)
    {
        var emulator = await WithTenantAsync();
        var now = emulator.Time.GetUtcNow();
        using var otherKey = RSA.Create(2048);
        var assertion = fault switch
        {
            "unknown certificate" => ClientAssertions.Create(Stranger, AppId, Audience, now),
            "bad signature" => ClientAssertions.Create(Registered, AppId, Audience, now, signer: otherKey),
            "HS256" => HmacSigned(now),
            "expired" => ClientAssertions.Create(Registered, AppId, Audience, now - TimeSpan.FromMinutes(30)),
            "not yet valid" => ClientAssertions.Create(Registered, AppId, Audience, now + TimeSpan.FromMinutes(30)),
            "wrong audience" => ClientAssertions.Create(Registered, AppId, "https://login.microsoftonline.com/common/oauth2/v2.0/token", now),
            "another issuer" => ClientAssertions.Create(Registered, AppId, Audience, now, issuer: Guid.NewGuid().ToString()),
            "no jti" => ClientAssertions.Create(Registered, AppId, Audience, now, withJti: false),
            "not a JWT" => "not-a-jwt",
            "too long" => ClientAssertions.Create(Registered, AppId, Audience, now, jti: new string('j', 20_000)),
            _ => ClientAssertions.Create(Registered, AppId, Audience, now),
        };
        (string, string)[] extra = fault == "secret as well" ? [("client_secret", "s3cret")] : [];
        var form = ClientAssertions.Form(AppId, assertion, extra);
        if (fault is "another assertion type" or "no assertion type")
        {
            var fields = new Dictionary<string, string>
            {
                ["client_id"] = AppId, ["client_assertion"] = assertion, ["scope"] = "https://graph.microsoft.com/.default", ["grant_type"] = "client_credentials",
            };
            if (fault == "another assertion type")
            {
                fields["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:saml2-bearer";
            }

            form = new FormUrlEncodedContent(fields);
        }

        var body = await RefusedAsync(await emulator.ClientWith(null).PostAsync(TokenPath, form), status, error, code);

        if (fault == "unknown certificate")
        {
            Assert.Contains(Stranger.Thumbprint, body.GetProperty("error_description").GetString());
        }
    }

    [Fact]
    public async Task AnAssertionUsedTwiceIsRefusedTheSecondTimeAndAFreshOneStillWorks()
    {
        var emulator = await WithTenantAsync();
        var now = emulator.Time.GetUtcNow();
        var assertion = ClientAssertions.Create(Registered, AppId, Audience, now);
        var client = emulator.ClientWith(null);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(TokenPath, ClientAssertions.Form(AppId, assertion))).StatusCode);
        var body = await RefusedAsync(await client.PostAsync(TokenPath, ClientAssertions.Form(AppId, assertion)), HttpStatusCode.Unauthorized, "invalid_client", 50013);
        Assert.Contains("already used", body.GetProperty("error_description").GetString());

        var fresh = ClientAssertions.Create(Registered, AppId, Audience, now);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(TokenPath, ClientAssertions.Form(AppId, fresh))).StatusCode);
    }

    [Fact]
    public async Task AnAssertionForAnApplicationWithNoCertificateIsRefusedSayingHowToRegisterOne()
    {
        var emulator = await shared.FreshAsync();
        var hybrid = DefaultTenants.HybridId;
        var appId = DefaultTenants.AppId(hybrid);
        var assertion = ClientAssertions.Create(Registered, appId, $"http://localhost/{hybrid}/oauth2/v2.0/token", emulator.Time.GetUtcNow());

        var response = await emulator.ClientWith(null).PostAsync($"/{hybrid}/oauth2/v2.0/token", ClientAssertions.Form(appId, assertion));

        var body = await RefusedAsync(response, HttpStatusCode.Unauthorized, "invalid_client", 700027);
        Assert.Contains("has no certificates", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task AnApplicationWithOnlyACertificateRefusesASecret()
    {
        var emulator = await WithTenantAsync();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AppId, ["client_secret"] = "guess", ["scope"] = "https://graph.microsoft.com/.default", ["grant_type"] = "client_credentials",
        });

        await RefusedAsync(await emulator.ClientWith(null).PostAsync(TokenPath, form), HttpStatusCode.Unauthorized, "invalid_client", 7000215);
    }

    private static string HmacSigned(DateTimeOffset now) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AppId,
            Audience = Audience,
            Expires = (now + TimeSpan.FromMinutes(10)).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = AppId, ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]) { KeyId = Registered.Thumbprint }, SecurityAlgorithms.HmacSha256),
        });

    [Theory]
    [InlineData("a.b.c", true)]
    [InlineData("a.b.c", false)]
    [InlineData("e30.e30.", false)]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", true)]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", false)]
    [InlineData("x.y.z.w.v", false)]
    [InlineData("....", true)]
    public async Task AGarbledAssertionIsA400WithOrWithoutAClientId(string assertion, bool withClientId)
    {
        var emulator = await WithTenantAsync();
        var fields = new Dictionary<string, string>
        {
            ["client_assertion_type"] = ClientAssertions.JwtBearer, ["client_assertion"] = assertion,
            ["scope"] = "https://graph.microsoft.com/.default", ["grant_type"] = "client_credentials",
        };
        if (withClientId)
        {
            fields["client_id"] = AppId;
        }

        var response = await emulator.ClientWith(null).PostAsync(TokenPath, new FormUrlEncodedContent(fields));

        var body = await GraphAssert.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Equal(withClientId ? 50027 : 900144, body.GetProperty("error_codes")[0].GetInt32());
    }

    [Theory]
    [InlineData("""{"iss":7,"sub":7,"aud":"{aud}","exp":{exp},"jti":"j1"}""", 50027)]
    [InlineData("""{"iss":"{app}","sub":"{app}","aud":{"x":1},"exp":{exp},"jti":"j2"}""", 50027)]
    [InlineData("""{"iss":"{app}","sub":"{app}","aud":"{aud}","exp":"soon","jti":"j3"}""", 50027)]
    [InlineData("""{"iss":"{app}","sub":"{app}","aud":"{aud}","exp":1e300,"jti":"j4"}""", 50027)]
    [InlineData("""{"iss":"{app}","sub":"{app}","aud":"{aud}","exp":{exp},"jti":{"a":1}}""", 50027)]
    public async Task ASignedAssertionWithClaimsOfTheWrongTypeIsRefusedAsMalformedNeverA500(string payload, int code)
    {
        var emulator = await WithTenantAsync();
        var exp = (emulator.Time.GetUtcNow() + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = payload.Replace("{aud}", Audience).Replace("{app}", AppId).Replace("{exp}", exp);
        var assertion = new JsonWebTokenHandler().CreateToken(json, new X509SigningCredentials(Registered, SecurityAlgorithms.RsaSha256));

        var response = await emulator.ClientWith(null).PostAsync(TokenPath, ClientAssertions.Form(AppId, assertion));

        var body = await GraphAssert.JsonAsync(response);
        Assert.True((int)response.StatusCode is 400 or 401, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(code, body.GetProperty("error_codes")[0].GetInt32());
    }
}
