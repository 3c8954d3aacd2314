using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DotNet.Testcontainers.Containers;
using PhotoSettings.Testing;

namespace PhotoSettings.Testcontainers.Tests;

/// <summary>The Testcontainers module against real containers of the Dockerfile's image.</summary>
[Collection(EmulatorImageCollection.Name)]
[Trait("Category", "Process")]
public sealed class PhotoSettingsContainerTests(EmulatorImageFixture image)
{
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";

    [ContainerFact]
    public async Task StartedContainerServesGraphAtItsBaseAddress()
    {
        await using var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();
        await using var emulator = container.CreateRemoteEmulator();
        using var admin = await emulator.CreateClientForAppAsync(WellKnown.HybridTenantId);

        using var response = await admin.GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await response.Content.ReadFromJsonAsync<PhotoSettingsValue>())!.Source);
        Assert.Equal(container.GetBaseAddress(), admin.BaseAddress);
        Assert.Equal(TestcontainersStates.Running, container.State);
    }

    [ContainerFact]
    public async Task DefaultAuthModeRefusesARequestWithoutAToken()
    {
        await using var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = container.GetBaseAddress() };

        using var response = await anonymous.GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [ContainerFact]
    public async Task AuthModeOffServesGraphWithoutAToken()
    {
        await using var container = new PhotoSettingsBuilder().WithAuthMode(PhotoSettingsAuthMode.Off).Build();
        await container.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = container.GetBaseAddress() };

        using var response = await anonymous.GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [ContainerFact]
    public async Task FaultRulesGivenInTheEnvironmentApplyFromTheStartInTheNativeImage()
    {
        // The image is the native-AOT build, whose configuration binder is generated at compile time: a rule it failed
        // to bind stopped the container at start ("A rule needs an action") where `dotnet run` honoured it.
        await using var container = new PhotoSettingsBuilder().WithAuthMode(PhotoSettingsAuthMode.Off)
            .WithEnvironment("Emulator__Faults__0__Path", WellKnown.SettingsPath)
            .WithEnvironment("Emulator__Faults__0__Status", "503")
            .WithEnvironment("Emulator__Faults__0__RetryAfterSeconds", "7")
            .WithEnvironment("Emulator__Faults__0__Count", "1")
            .Build();
        await container.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = container.GetBaseAddress() };

        using var first = await anonymous.GetAsync(WellKnown.SettingsPath);
        using var second = await anonymous.GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [ContainerFact]
    public async Task ControlApiCreatesATenantAndItsClockMakesAChangeTakeEffect()
    {
        await using var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();
        await using var emulator = container.CreateRemoteEmulator();
        var tenant = await emulator.CreateTenantAsync(TestTenant.Hybrid("Container tenant"));
        using var admin = await emulator.CreateClientForAppAsync(tenant.Id);

        using var patch = await admin.PatchAsJsonAsync(WellKnown.SettingsPath, new { source = "onPremises" });
        var before = await emulator.GetSettingsStateAsync(tenant.Id);
        await emulator.AdvanceTenantClockAsync(tenant.Id, TimeSpan.FromHours(24));
        var after = await emulator.GetSettingsStateAsync(tenant.Id);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Null(before.Effective.Source);
        Assert.Equal("onPremises", before.Configured.Source);
        Assert.Equal("onPremises", after.Effective.Source);
        Assert.Empty(after.Pending);
    }

    [ContainerFact]
    public async Task PropagationDelayDecidesWhenAChangeTakesEffect()
    {
        await using var container = new PhotoSettingsBuilder().WithPropagationDelay(TimeSpan.Zero).Build();
        await container.StartAsync();
        await using var emulator = container.CreateRemoteEmulator();
        using var admin = await emulator.CreateClientForAppAsync(WellKnown.HybridTenantId);

        using var patch = await admin.PatchAsJsonAsync(WellKnown.SettingsPath, new { source = "cloud", allowedRoles = new[] { UserAdministrator } });
        var state = await emulator.GetSettingsStateAsync(WellKnown.HybridTenantId);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal([UserAdministrator], state.Effective.AllowedRoles);
        Assert.Empty(state.Pending);
    }

    [ContainerFact]
    public async Task TenantsFileTenantsExistFromTheStart()
    {
        var fabrikam = Guid.Parse("fab00000-0000-4000-8000-000000000001");
        await using var container = new PhotoSettingsBuilder()
            .WithTenantsFile(Path.Combine(ContainerEngine.RepositoryRoot, "samples", "tenants.json"))
            .Build();
        await container.StartAsync();
        await using var emulator = container.CreateRemoteEmulator();
        using var ann = await emulator.CreateClientForUserAsync(fabrikam, "ann@fabrikam.onmicrosoft.com");

        using var response = await ann.GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"allowedRoles\":[]", await response.Content.ReadAsStringAsync());
        var recorded = Assert.Single(await emulator.GetRequestsAsync(tenantId: fabrikam));
        Assert.Equal((WellKnown.SettingsPath, 200), (recorded.Path, recorded.Status));
    }

    [ContainerFact]
    public async Task ControlApiKeyIsRequiredAndTheRemoteEmulatorSendsIt()
    {
        await using var container = new PhotoSettingsBuilder().WithControlApiKey("s3cret").Build();
        await container.StartAsync();
        using var keyless = new HttpClient { BaseAddress = container.GetBaseAddress() };
        await using var emulator = container.CreateRemoteEmulator();

        using var refused = await keyless.PostAsync("/_emulator/tenants/" + WellKnown.HybridTenantId + "/reset", null);
        await emulator.ResetTenantAsync(WellKnown.HybridTenantId);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [ContainerFact]
    public async Task HttpsServesTheEmulatorsCertificateOnItsOwnAddress()
    {
        await using var container = new PhotoSettingsBuilder().WithHttps(image.ContainerHost).Build();
        await container.StartAsync();
        using var http = new HttpClient { BaseAddress = container.GetBaseAddress() };
        var root = X509Certificate2.CreateFromPem(await http.GetStringAsync("/_emulator/certificate"));
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, errors) => TrustsOnly(root, cert, errors) };
        using var https = new HttpClient(handler) { BaseAddress = container.GetHttpsBaseAddress() };

        using var response = await https.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, container.GetHttpsBaseAddress().Scheme);
        Assert.NotEqual(container.GetBaseAddress().Port, container.GetHttpsBaseAddress().Port);
    }

    [ContainerFact]
    public async Task WithProxyAClientAtMicrosoftsHostsReachesTheContainerGivenOnlyTheProxyAndItsRoot()
    {
        await using var container = new PhotoSettingsBuilder().WithProxy().Build();
        await container.StartAsync();
        using var client = new HttpClient(await container.CreateProxyHandlerAsync());

        var token = await client.PostAsync($"https://login.microsoftonline.com/{WellKnown.HybridTenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            // The hybrid tenant's built-in application and its documented secret.
            ["client_id"] = "4b1d0000-0000-4000-8000-0000000000ba",
            ["client_secret"] = "photosettings-emulator-secret",
            ["scope"] = "https://graph.microsoft.com/.default",
            ["grant_type"] = "client_credentials",
        }));
        var accessToken = (await token.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["access_token"].ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://graph.microsoft.com{WellKnown.SettingsPath}");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var settings = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(Uri.UriSchemeHttp, container.GetProxyAddress().Scheme);
        Assert.Contains("BEGIN CERTIFICATE", (await container.GetProxyRootCertificateAsync()).ExportCertificatePem());
        await using var emulator = container.CreateRemoteEmulator();
        Assert.Contains(await emulator.GetRequestsAsync(), r => r.Host == "graph.microsoft.com" && r.Status == 200);
    }

    [ContainerFact]
    public async Task ProxyAddressIsRefusedWhenTheContainerIsNoProxy()
    {
        await using var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();

        var refused = Assert.Throws<InvalidOperationException>(() => container.GetProxyAddress());

        Assert.Contains("WithProxy()", refused.Message);
    }

    [ContainerFact]
    public async Task HttpsAddressIsRefusedWhenTheContainerDoesNotServeHttps()
    {
        await using var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();

        var refused = Assert.Throws<InvalidOperationException>(() => container.GetHttpsBaseAddress());

        Assert.Contains("WithHttps()", refused.Message);
    }

    [ContainerFact]
    public async Task TwoContainersRunSideBySideWithTheirOwnState()
    {
        await using var first = new PhotoSettingsBuilder().Build();
        await using var second = new PhotoSettingsBuilder().Build();
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await using var firstEmulator = first.CreateRemoteEmulator();
        await using var secondEmulator = second.CreateRemoteEmulator();
        var tenant = await firstEmulator.CreateTenantAsync(TestTenant.CloudOnly("Only in the first"));

        using var inFirst = firstEmulator.CreateClient();
        using var inSecond = secondEmulator.CreateClient();
        using var foundInFirst = await inFirst.GetAsync($"/_emulator/tenants/{tenant.Id}");
        using var foundInSecond = await inSecond.GetAsync($"/_emulator/tenants/{tenant.Id}");

        Assert.NotEqual(first.GetBaseAddress(), second.GetBaseAddress());
        Assert.Equal(HttpStatusCode.OK, foundInFirst.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foundInSecond.StatusCode);
    }

    [ContainerFact]
    public async Task DisposingTheContainerStopsTheEmulator()
    {
        var container = new PhotoSettingsBuilder().Build();
        await container.StartAsync();
        var baseAddress = container.GetBaseAddress();
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var whileRunning = await client.GetAsync("/healthz");

        await container.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, whileRunning.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    // Trusts exactly the emulator's self-signed certificate, as docs/running.md's "HTTPS" section shows.
    private static bool TrustsOnly(X509Certificate2 root, X509Certificate2? cert, SslPolicyErrors errors)
    {
        if (cert is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
