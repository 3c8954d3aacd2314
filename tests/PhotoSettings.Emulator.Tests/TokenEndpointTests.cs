using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The Entra-shaped token endpoint, discovery and keys, as MSAL and Azure.Identity use them.</summary>
public sealed class TokenEndpointTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly string AppId = DefaultTenants.AppId(Hybrid);

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static (string, string)[] ValidFields(string? secret = null, string? scope = null) =>
    [
        ("client_id", AppId),
        ("client_secret", secret ?? DefaultTenants.AppSecret),
        ("scope", scope ?? "https://graph.microsoft.com/.default"),
        ("grant_type", "client_credentials"),
        ("client_info", "2"),
        ("claims", """{"access_token":{"xms_cc":{"values":["CP1"]}}}"""),
    ];

    [Fact]
    public async Task AClientCredentialsRequestGetsA200WithAGraphTokenCarryingTheAppsRoles()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.ClientWith(null).PostAsync($"/{Hybrid}/oauth2/v2.0/token", Form(ValidFields()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.False(body.TryGetProperty("client_info", out _));
        Assert.False(body.TryGetProperty("id_token", out _));
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("https://graph.microsoft.com", token.GetPayloadValue<string>("aud"));
        Assert.Equal(AppId, token.GetPayloadValue<string>("appid"));
        Assert.Contains("PeopleSettings.ReadWrite.All", token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));

        var graph = await emulator.ClientWith(token.EncodedToken).GetAsync(EmulatorFactory.SettingsPath);
        await GraphAssert.SuccessAsync(graph, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("http://localhost/.default")]
    [InlineData("00000003-0000-0000-c000-000000000000/.default")]
    [InlineData("https://graph.microsoft.com/.default openid profile offline_access")]
    public async Task TheEmulatorsOwnHostAndGraphsAppIdAreAcceptedAsScopes(string scope)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.ClientWith(null).PostAsync($"/{Hybrid}/oauth2/v2.0/token", Form(ValidFields(scope: scope)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ClientSecretBasicWorksToo()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.ClientWith(null);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{Hybrid}/oauth2/v2.0/token")
        {
            Content = Form(("scope", "https://graph.microsoft.com/.default"), ("grant_type", "client_credentials")),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AppId}:{DefaultTenants.AppSecret}")));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    public static TheoryData<string, string, HttpStatusCode, string, int> Errors => new()
    {
        { "wrong secret", "secret", HttpStatusCode.Unauthorized, "invalid_client", 7000215 },
        { "unknown client", "client", HttpStatusCode.BadRequest, "unauthorized_client", 700016 },
        { "unknown tenant", "tenant", HttpStatusCode.BadRequest, "invalid_request", 90002 },
        { "unsupported grant", "grant", HttpStatusCode.BadRequest, "unsupported_grant_type", 70003 },
        { "wrong scope", "scope", HttpStatusCode.BadRequest, "invalid_scope", 1002012 },
        { "no client id", "no-client", HttpStatusCode.BadRequest, "invalid_request", 900144 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task EachBadRequestGetsEntrasErrorJson(string name, string fault, HttpStatusCode status, string error, int code)
    {
        var emulator = await shared.FreshAsync();
        var fields = ValidFields(secret: fault == "secret" ? "nope" : null, scope: fault == "scope" ? "User.Read" : null).ToList();
        var tenant = fault == "tenant" ? Guid.NewGuid().ToString() : Hybrid.ToString();
        if (fault == "client")
        {
            fields[0] = ("client_id", Guid.NewGuid().ToString());
        }
        else if (fault == "grant")
        {
            fields[3] = ("grant_type", "password");
        }
        else if (fault == "no-client")
        {
            fields.RemoveAt(0);
        }

        var response = await emulator.ClientWith(null).PostAsync($"/{tenant}/oauth2/v2.0/token", Form([.. fields]));

        var body = await GraphAssert.JsonAsync(response);
        Assert.True(status == response.StatusCode, $"{name}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal([code], body.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.StartsWith($"AADSTS{code}: ", body.GetProperty("error_description").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("trace_id").GetString(), out _), $"{name}: trace_id is not a GUID");
    }

    [Fact]
    public async Task DiscoveryNamesTheTokenEndpointAndKeysOnTheCallersSchemeAndHostAndTheKeysVerifyTokens()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:AllowedHosts:0", "emulator.test");
        var client = emulator.ClientWith(null);
        client.DefaultRequestHeaders.Host = "emulator.test:5081";

        var discovery = await GraphAssert.JsonAsync(await client.GetAsync($"/{Hybrid}/v2.0/.well-known/openid-configuration"));

        Assert.Equal($"http://emulator.test:5081/{Hybrid}/v2.0", discovery.GetProperty("issuer").GetString());
        Assert.Equal($"http://emulator.test:5081/{Hybrid}/oauth2/v2.0/token", discovery.GetProperty("token_endpoint").GetString());
        var jwks = await client.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery);
        var keys = new JsonWebKeySet(jwks);
        var token = (await GraphAssert.JsonAsync(await client.PostAsync($"/{Hybrid}/oauth2/v2.0/token", Form(ValidFields())))).GetProperty("access_token").GetString();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAudience = "https://graph.microsoft.com",
            ValidateIssuer = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        // Entra answers an unknown tenant's discovery with 400 invalid_tenant (AADSTS90002).
        var unknown = await client.GetAsync($"/{Guid.NewGuid()}/v2.0/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("invalid_tenant", (await GraphAssert.JsonAsync(unknown)).GetProperty("error").GetString());
    }
}
