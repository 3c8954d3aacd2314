using System.Net;
using System.Net.Http.Headers;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The control API's tenants and tokens, as a test suite or a script uses them.</summary>
public sealed class ControlApiTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private const string Fabrikam = """
        {"displayName":"Fabrikam","identityModel":"hybrid",
         "users":[{"id":"f0000000-0000-4000-8000-000000000001","userPrincipalName":"ann@fabrikam.test","displayName":"Ann","roles":["024906de-61e5-49c8-8572-40335f1e0e10"]}],
         "customRoles":[{"id":"f0000000-0000-4000-8000-0000000000aa","displayName":"Photo Stewards"}]}
        """;

    [Fact]
    public async Task TheBuiltInTenantsAreListedWithTheirDocumentedIdsAndUsers()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/_emulator/tenants");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tenants = (await GraphAssert.JsonAsync(response)).EnumerateArray().ToArray();
        Assert.Equal(["c10d0000-0000-4000-8000-000000000001", "4b1d0000-0000-4000-8000-000000000002"],
            tenants.Select(t => t.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).Reverse());
        var hybrid = tenants.Single(t => t.GetProperty("id").GetString() == DefaultTenants.HybridId.ToString());
        Assert.Equal("hybrid", hybrid.GetProperty("identityModel").GetString());
        var roles = hybrid.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("roles").GetRawText()).ToArray();
        Assert.Equal(
            [$"[\"{RoleCatalog.PeopleAdministrator}\"]", $"[\"{RoleCatalog.UserAdministrator}\"]", $"[\"{RoleCatalog.GlobalAdministrator}\"]", "[]"],
            roles);
    }

    [Fact]
    public async Task PutCreatesThenReplacesATenantWhoseCustomRoleSettingsMayName()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var id = Guid.NewGuid();

        var created = await client.PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json(Fabrikam));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/_emulator/tenants/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Fabrikam", (await GraphAssert.JsonAsync(created)).GetProperty("displayName").GetString());

        var admin = emulator.ClientWith(emulator.UserToken(id, Guid.Parse("f0000000-0000-4000-8000-000000000001")));
        var patched = await admin.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"allowedRoles":["F0000000-0000-4000-8000-0000000000AA"]}"""));
        Assert.Equal("""["f0000000-0000-4000-8000-0000000000aa"]""", (await GraphAssert.SuccessAsync(patched, HttpStatusCode.OK)).GetProperty("allowedRoles").GetRawText());

        var replaced = await client.PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json(Fabrikam.Replace("Fabrikam", "Fabrikam Ltd")));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("Fabrikam Ltd", (await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/tenants/{id}"))).GetProperty("displayName").GetString());
        // The directory changed; the settings stayed.
        Assert.Equal("""null|["f0000000-0000-4000-8000-0000000000aa"]""", GraphAssert.Fingerprint(await GraphAssert.JsonAsync(await admin.GetAsync(EmulatorFactory.SettingsPath))));
    }

    [Fact]
    public async Task AReplacementThatWouldInvalidateTheSettingsIsRefusedAndChangesNothing()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");

        var response = await client.PutAsync($"/_emulator/tenants/{DefaultTenants.HybridId}",
            EmulatorFactory.Json("""{"displayName":"Contoso Hybrid","identityModel":"cloudOnly"}"""));

        var problem = await AssertValidationProblemAsync(response, "identityModel");
        Assert.Contains("'onPremises'", problem);
        var tenant = await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/tenants/{DefaultTenants.HybridId}"));
        Assert.Equal("hybrid", tenant.GetProperty("identityModel").GetString());
        Assert.Equal(4, tenant.GetProperty("users").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"displayName":""}""", "displayName")]
    [InlineData("""{"displayName":"X","identityModel":"onPrem"}""", "identityModel")]
    [InlineData("""{"displayName":"X","users":[{"id":"nope","userPrincipalName":"a@b","displayName":"A"}]}""", "users[0].id")]
    [InlineData("""{"displayName":"X","users":[{"id":"a0000000-0000-4000-8000-000000000001","userPrincipalName":"no-at-sign","displayName":"A"}]}""", "users[0].userPrincipalName")]
    [InlineData("""{"displayName":"X","users":[{"id":"a0000000-0000-4000-8000-000000000001","userPrincipalName":"a@b","displayName":"A","roles":["00000000-1111-2222-3333-444444444444"]}]}""", "users[0].roles[0]")]
    [InlineData("""{"displayName":"X","customRoles":[{"id":"62e90394-69f5-4237-9190-012177145e10","displayName":"Not mine"}]}""", "customRoles[0].id")]
    [InlineData("""{"id":"00000000-0000-4000-8000-000000000000","displayName":"X"}""", "id")]
    public async Task AnInvalidTenantIsRefusedWithItsProblemsListedByPath(string json, string path)
    {
        var emulator = await shared.FreshAsync();
        var id = Guid.NewGuid();

        var response = await emulator.CreateClient().PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json(json));

        await AssertValidationProblemAsync(response, path);
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.CreateClient().GetAsync($"/_emulator/tenants/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownPropertyOrNonJsonBodyIsAProblem()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        var unknown = await client.PutAsync($"/_emulator/tenants/{Guid.NewGuid()}", EmulatorFactory.Json("""{"displayName":"X","region":"eu"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("region", (await GraphAssert.JsonAsync(unknown)).GetProperty("detail").GetString());

        var text = await client.PutAsync($"/_emulator/tenants/{Guid.NewGuid()}", EmulatorFactory.Json("x", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task DeleteRemovesATenantAndItsTokensStopWorking()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Tenants:AutoProvision", "false");
        var client = emulator.CreateClient();
        var token = emulator.AppToken(DefaultTenants.CloudOnlyId);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task ResetReturnsTheSettingsToTheDefaultAndKeepsTheDirectory()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");

        var response = await emulator.CreateClient().PostAsync($"/_emulator/tenants/{DefaultTenants.HybridId}/reset", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
        var tenant = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync($"/_emulator/tenants/{DefaultTenants.HybridId}"));
        Assert.Equal(4, tenant.GetProperty("users").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.CreateClient().PostAsync($"/_emulator/tenants/{Guid.NewGuid()}/reset", null)).StatusCode);
    }

    [Fact]
    public async Task AMintedDelegatedTokenCarriesTheUsersRolesAndWorksAsTheReadmeShows()
    {
        var emulator = await shared.FreshAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/tokens")
        {
            Content = EmulatorFactory.Json($$"""{"tenantId":"{{DefaultTenants.HybridId}}","userId":"pat@contosohybrid.onmicrosoft.com"}"""),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        var minted = await emulator.ClientWith(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal("text/plain", minted.Content.Headers.ContentType!.MediaType);
        var token = await minted.Content.ReadAsStringAsync();
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.Equal(DefaultTenants.UserId(DefaultTenants.HybridId, 1).ToString(), jwt.GetPayloadValue<string>("oid"));
        Assert.Contains(RoleCatalog.PeopleAdministrator, jwt.Claims.Where(c => c.Type == "wids").Select(c => c.Value));
        var patched = await emulator.ClientWith(token).PatchAsync("/beta/admin/people/photoupdatesettings",
            EmulatorFactory.Json("""{"source":"onPremises","allowedRoles":[]}"""));
        await GraphAssert.SuccessAsync(patched, HttpStatusCode.OK);
    }

    [Fact]
    public async Task AMintedApplicationTokenHasTheRequestedRolesAndLifetime()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().PostAsync("/_emulator/tokens", EmulatorFactory.Json(
            $$"""{"tenantId":"{{DefaultTenants.CloudOnlyId}}","appId":"my-app","roles":["PeopleSettings.Read.All"],"lifetime":"PT2H"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(emulator.Time.GetUtcNow().AddHours(2), body.GetProperty("expiresOn").GetDateTimeOffset());
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("accessToken").GetString());
        Assert.Equal(["PeopleSettings.Read.All"], jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal("my-app", jwt.GetPayloadValue<string>("appid"));
        Assert.False(jwt.TryGetPayloadValue<string>("scp", out _));
    }

    [Theory]
    [InlineData("""{"tenantId":"nope"}""", HttpStatusCode.BadRequest, "tenantId")]
    [InlineData("""{"tenantId":"4b1d0000-0000-4000-8000-000000000002","lifetime":"-PT1H"}""", HttpStatusCode.BadRequest, "lifetime")]
    [InlineData("""{"tenantId":"4b1d0000-0000-4000-8000-000000000002","lifetime":"an hour"}""", HttpStatusCode.BadRequest, "lifetime")]
    [InlineData("""{"tenantId":"4b1d0000-0000-4000-8000-000000000002","wids":["admin"]}""", HttpStatusCode.BadRequest, "wids")]
    [InlineData("""{"tenantId":"99990000-0000-4000-8000-000000000000"}""", HttpStatusCode.NotFound, "99990000-0000-4000-8000-000000000000")]
    [InlineData("""{"tenantId":"4b1d0000-0000-4000-8000-000000000002","userId":"ghost@contosohybrid.onmicrosoft.com"}""", HttpStatusCode.NotFound, "ghost@")]
    public async Task ABadTokenRequestIsAProblem(string json, HttpStatusCode status, string mention)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().PostAsync("/_emulator/tokens", EmulatorFactory.Json(json));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(mention, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnApiKeyGuardsEveryControlCall()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Control:ApiKey", "s3cret");
        var client = emulator.CreateClient();

        var without = await client.GetAsync("/_emulator/tenants");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("X-Emulator-Key", (await GraphAssert.JsonAsync(without)).GetProperty("detail").GetString());
        client.DefaultRequestHeaders.Add("X-Emulator-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/_emulator/tokens", EmulatorFactory.Json("{}"))).StatusCode);
        client.DefaultRequestHeaders.Remove("X-Emulator-Key");
        client.DefaultRequestHeaders.Add("X-Emulator-Key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_emulator/tenants")).StatusCode);
    }

    [Fact]
    public async Task TheControlApiCanBeSwitchedOff()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Control:Enabled", "false");

        var response = await emulator.CreateClient().GetAsync("/_emulator/tenants");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task TheControlApiHasItsOwnOpenApiDocument()
    {
        var emulator = await shared.FreshAsync();

        var control = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/control.json"));
        var graph = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/v1.json"));

        var paths = control.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/_emulator/tenants/{tenantId}", paths);
        Assert.Contains("/_emulator/tokens", paths);
        Assert.DoesNotContain(graph.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/_emulator", StringComparison.Ordinal));
    }

    private static async Task<string> AssertValidationProblemAsync(HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await GraphAssert.JsonAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty(path, out var messages), $"no problem listed under '{path}': {body}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
