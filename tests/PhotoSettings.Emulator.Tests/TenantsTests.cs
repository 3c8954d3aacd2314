using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Tenants: the file they start from, their identity model, and their isolation.</summary>
public sealed class TenantsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-tenants-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AValidTenantsFileAddsItsTenantsBesideTheDefaults()
    {
        var file = Write("""
            {"tenants":[
              {"id":"fab00000-0000-4000-8000-000000000001","displayName":"Fabrikam","identityModel":"hybrid",
               "users":[{"id":"fab00000-0000-4000-8000-0000000000a1","userPrincipalName":"ann@fabrikam.test","displayName":"Ann","roles":["fab00000-0000-4000-8000-0000000000ee"]}],
               "customRoles":[{"id":"fab00000-0000-4000-8000-0000000000ee","displayName":"Photo Stewards"}]},
              {"id":"c10d0000-0000-4000-8000-000000000001","displayName":"Contoso Cloud, renamed"}
            ]}
            """);
        await using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", file);

        var tenants = (await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/_emulator/tenants"))).EnumerateArray().ToArray();

        Assert.Equal(3, tenants.Length);
        var fabrikam = tenants.Single(t => t.GetProperty("displayName").GetString() == "Fabrikam");
        Assert.Equal("fab00000-0000-4000-8000-0000000000ee", fabrikam.GetProperty("users")[0].GetProperty("roles")[0].GetString());
        Assert.Contains(tenants, t => t.GetProperty("displayName").GetString() == "Contoso Cloud, renamed" && t.GetProperty("users").GetArrayLength() == 0);
        var token = emulator.AppToken(Guid.Parse("fab00000-0000-4000-8000-000000000001"));
        var response = await emulator.ClientWith(token).PatchAsync(EmulatorFactory.SettingsPath,
            EmulatorFactory.Json("""{"allowedRoles":["fab00000-0000-4000-8000-0000000000ee"]}"""));
        await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheRepositorysSampleTenantsFileLoads()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "tenants.json");
        await using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", sample);

        var response = await emulator.CreateClient().GetAsync("/_emulator/tenants");

        Assert.True((await GraphAssert.JsonAsync(response)).GetArrayLength() > 2);
    }

    [Fact]
    public async Task TheSampleTenantsFilesApplicationsSignInWithTheSampleCertificateAndAsTheSampleManagedIdentity()
    {
        const string fabrikam = "fab00000-0000-4000-8000-000000000001";
        const string sync = "fab00000-0000-4000-8000-0000000000c1";
        var samples = Path.Combine(RepositoryRoot(), "samples");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
            Path.Combine(samples, "certificates", "fabrikam-photo-sync.pem"), Path.Combine(samples, "certificates", "fabrikam-photo-sync.key"));
        await using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", Path.Combine(samples, "tenants.json"));
        var client = emulator.ClientWith(null);
        var assertion = ClientAssertions.Create(certificate, sync, $"http://localhost/{fabrikam}/oauth2/v2.0/token", emulator.Time.GetUtcNow());

        var signedIn = await client.PostAsync($"/{fabrikam}/oauth2/v2.0/token", ClientAssertions.Form(sync, assertion));
        var environment = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/_emulator/managed-identity"));
        using var identityRequest = new HttpRequestMessage(HttpMethod.Get, "/_emulator/msi/token?resource=https://graph.microsoft.com&api-version=2019-08-01");
        identityRequest.Headers.Add("X-IDENTITY-HEADER", environment.GetProperty("IDENTITY_HEADER").GetString());
        var identity = await client.SendAsync(identityRequest);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        // The sample's only flagged application is the system-assigned identity: no built-in tenant has one.
        Assert.Equal("fab00000-0000-4000-8000-0000000000c2", (await GraphAssert.JsonAsync(identity)).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task TheDefaultsCanBeLeftOut()
    {
        var file = Write("""{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":"Fabrikam"}]}""");
        await using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", file).With("Emulator:Tenants:IncludeDefaults", "false");

        var tenants = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/_emulator/tenants"));

        Assert.Equal(["fab00000-0000-4000-8000-000000000001"], tenants.EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
    }

    public static TheoryData<string, string[]> BadFiles => new()
    {
        { "{\"tenants\":[", ["is not a valid tenants document"] },
        { "{\"tenant\":[]}", ["is not a valid tenants document", "tenant"] },
        { "{}", ["There is no 'tenants' array"] },
        { """{"tenants":[{"id":"x","displayName":"A"}]}""", ["tenants[0] (id 'x', 'A')", "'id' 'x' is not a GUID"] },
        { """{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":"A","identityModel":"onprem"}]}""", ["tenants[0]", "'identityModel' 'onprem'"] },
        { """{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":"A","users":[{"id":"fab00000-0000-4000-8000-0000000000a1","userPrincipalName":"a@b","displayName":"A","roles":["11111111-2222-3333-4444-555555555555"]}]}]}""", ["tenants[0]", "users[0].roles[0] '11111111-2222-3333-4444-555555555555' is neither"] },
        { """{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":"A","users":[{"id":"fab00000-0000-4000-8000-0000000000a1","userPrincipalName":"a@b","displayName":"A"},{"id":"fab00000-0000-4000-8000-0000000000a1","userPrincipalName":"b@b","displayName":"B"}]}]}""", ["users[1].id", "used by another user"] },
        { """{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":"A"},{"id":"fab00000-0000-4000-8000-000000000001","displayName":"B"}]}""", ["tenants[1] (id 'fab00000-0000-4000-8000-000000000001', 'B')", "same id"] },
        { """{"tenants":[{"id":"fab00000-0000-4000-8000-000000000001","displayName":" "}]}""", ["tenants[0]", "'displayName' is required"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ABadTenantsFileStopsTheStartNamingTheFileTheEntryAndTheProblem(string content, string[] fragments)
    {
        var file = Write(content);
        using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", file);

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        var message = error is TenantsFileException ? error.Message : error.ToString();
        Assert.Contains(file, message);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, message);
        }
    }

    [Fact]
    public void AMissingTenantsFileStopsTheStart()
    {
        using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", Path.Combine(_folder, "absent.json"));

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("absent.json' does not exist", error.ToString());
    }

    [Fact]
    public async Task OnPremisesIsAcceptedForTheHybridTenantAndRefusedForTheCloudOnlyTenant()
    {
        await using var emulator = new EmulatorFactory();
        var cloud = emulator.ClientWith(emulator.AppToken(DefaultTenants.CloudOnlyId));
        await cloud.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}"""));

        var hybrid = await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");
        var refused = await cloud.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"onPremises","allowedRoles":[]}"""));

        await GraphAssert.SuccessAsync(hybrid, HttpStatusCode.OK);
        await GraphAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(),
            "'onPremises' is available only to hybrid tenants", "'Contoso Cloud' is cloud-only");
        var after = await GraphAssert.JsonAsync(await cloud.GetAsync(EmulatorFactory.SettingsPath));
        Assert.Equal("""null|["fe930be7-5e62-47db-91af-98c3a49a38b1"]""", GraphAssert.Fingerprint(after));
    }

    [Fact]
    public async Task TwentyTenantsWrittenInParallelEachReadBackOnlyTheirOwnSettings()
    {
        await using var emulator = new EmulatorFactory();
        var roles = RoleCatalogTests.BuiltInRoleIds();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(ids.Select(async id =>
            Assert.Equal(HttpStatusCode.Created, (await emulator.CreateClient().PutAsync($"/_emulator/tenants/{id}",
                EmulatorFactory.Json($$"""{"displayName":"Tenant {{id}}"}"""))).StatusCode)));

        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var response = await emulator.ClientWith(emulator.AppToken(id)).PatchAsync(EmulatorFactory.SettingsPath,
                EmulatorFactory.Json(JsonSerializer.Serialize(new { allowedRoles = new[] { roles[i] } })));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var settings = await GraphAssert.JsonAsync(await emulator.ClientWith(emulator.AppToken(id)).GetAsync(EmulatorFactory.SettingsPath));
            // Each tenant answers its own role: the writes did not cross tenants.
            Assert.Equal($"""null|["{roles[i]}"]""", GraphAssert.Fingerprint(settings));
        }));
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PhotoSettings.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PhotoSettings.sln not found above the test binaries");
    }
}
