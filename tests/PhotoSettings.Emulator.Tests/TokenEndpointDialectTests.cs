using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The token service's paths answer every refusal in Entra's OAuth JSON, whatever the method and whatever went wrong.</summary>
public sealed class TokenEndpointDialectTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    [InlineData("FROBNICATE")]
    public async Task EveryMethodButPostOnTheTokenEndpointIsRefusedInOAuthsJson(string method)
    {
        await using var emulator = new EmulatorFactory();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/{Hybrid}/oauth2/v2.0/token");

        var response = await emulator.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        if (method != "HEAD")
        {
            var error = await OAuthErrorAsync(response, "invalid_request", 900561);
            Assert.Contains($"Received a {method} request", error.GetProperty("error_description").GetString());
        }
    }

    [Theory]
    [InlineData("POST", "/v2.0/.well-known/openid-configuration")]
    [InlineData("DELETE", "/discovery/v2.0/keys")]
    [InlineData("PROPFIND", "/discovery/v2.0/keys")]
    public async Task AMethodTheDiscoveryPathsDoNotTakeIs405WithAllowInOAuthsJson(string method, string path)
    {
        await using var emulator = new EmulatorFactory();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/{Hybrid}{path}");

        var response = await emulator.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        await OAuthErrorAsync(response, "invalid_request", 90100);
    }

    [Theory]
    [InlineData("/oauth2/v2.0/authorize")]
    [InlineData("/oauth2/token")]
    [InlineData("/v2.0/nothing")]
    public async Task APathTheTokenServiceDoesNotServeIs404InOAuthsJson(string path)
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync($"/{Hybrid}{path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The token service serves nothing at", (await OAuthErrorAsync(response, "invalid_request", 90100)).GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData("POST", "/oauth2/v2.0/token", "rid\u0001x")]
    [InlineData("POST", "/oauth2/v2.0/token", "caf\u00e9")]
    [InlineData("GET", "/v2.0/.well-known/openid-configuration", "rid\u0001x")]
    [InlineData("GET", "/v2.0/.well-known/openid-configuration", "caf\u00e9")]
    [InlineData("GET", "/discovery/v2.0/keys", "rid\u0001x")]
    [InlineData("GET", "/discovery/v2.0/keys", "caf\u00e9")]
    [InlineData("OPTIONS", "/oauth2/v2.0/token", "caf\u00e9")]
    public async Task ABadClientRequestIdOnTheTokenServiceIsRefusedInOAuthsJson(string method, string path, string clientRequestId)
    {
        await using var emulator = new EmulatorFactory();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/{Hybrid}{path}");
        request.Headers.TryAddWithoutValidation("client-request-id", clientRequestId);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
        }

        var response = await emulator.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OAuthErrorAsync(response, "invalid_request", 90100);
        Assert.Contains("client-request-id", error.GetProperty("error_description").GetString());
        // The refused value is neither echoed nor kept: the ids are the emulator's own.
        Assert.True(Guid.TryParse(GraphAssert.Single(response, "client-request-id"), out _));
    }

    [Fact]
    public async Task DiscoveryForATenantTheEmulatorDoesNotHoldIsInvalidTenantInOAuthsJson()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync($"/{Guid.Empty}/v2.0/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Tenant '{Guid.Empty}' not found", (await OAuthErrorAsync(response, "invalid_tenant", 90002)).GetProperty("error_description").GetString());
    }

    /// <summary>Entra's error JSON: the error, a description starting with the AADSTS code, the code in error_codes, and the trace ids of the headers.</summary>
    private static async Task<JsonElement> OAuthErrorAsync(HttpResponseMessage response, string error, int code)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.StartsWith($"AADSTS{code}: ", body.GetProperty("error_description").GetString());
        Assert.Equal([code], body.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(GraphAssert.Single(response, "request-id"), body.GetProperty("trace_id").GetString());
        Assert.Equal(GraphAssert.Single(response, "client-request-id"), body.GetProperty("correlation_id").GetString());
        Assert.False(body.TryGetProperty("type", out _), "a ProblemDetails member in an OAuth error");
        return body;
    }
}
