using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Every request/response example of Microsoft's guide (shared/seeds/photo-update-settings.md),
/// replayed verbatim: the same path (lower-case, as the guide writes it), the same bodies, and the
/// guide's response properties compared value for value, by a People Administrator (the least
/// privileged role the reference names) of the tenant kind the example is about.
/// </summary>
public sealed class SeedExamplesTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private const string SeedPath = "/beta/admin/people/photoupdatesettings";

    /// <summary>
    /// The guide's PATCH examples, each against the tenant kinds it describes: the cloud examples apply
    /// to cloud-only and hybrid tenants alike, the on-premises example to hybrid tenants only.
    /// </summary>
    public static TheoryData<string, string, string, string> PatchExamples()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (example, request, expected) in Examples)
        {
            data.Add(example, "hybrid", request, expected);
            if (!request.Contains("onPremises", StringComparison.Ordinal))
            {
                data.Add(example, "cloudOnly", request, expected);
            }
        }

        return data;
    }

    private static readonly (string Example, string Request, string Expected)[] Examples =
    [
        (
            "enable all users in the cloud",
            """
            {
                "source": "cloud",
                "allowedRoles": []
            }
            """,
            """
            {
                "source": "cloud",
                "allowedRoles": []
            }
            """
        ),
        (
            "User Administrator only",
            """
            {
                "source": "cloud",
                "allowedRoles": ["fe930be7-5e62-47db-91af-98c3a49a38b1"]
            }
            """,
            """
            {

                "source": "cloud",
                "allowedRoles": ["fe930be7-5e62-47db-91af-98c3a49a38b1"]
            }
            """
        ),
        (
            "User Administrator and Global Administrator",
            """
            {
                "source": "cloud",
                "allowedRoles": ["62e90394-69f5-4237-9190-012177145e10", "fe930be7-5e62-47db-91af-98c3a49a38b1"]
            }
            """,
            """
            {
                "source": "cloud",
                "allowedRoles": ["62e90394-69f5-4237-9190-012177145e10","fe930be7-5e62-47db-91af-98c3a49a38b1"]

            }
            """
        ),
        (
            "on-premises environment",
            """
            {
                "source": "onPremises",
                "allowedRoles": []
            }
            """,
            """
            {
                "source": "onPremises",
                "allowedRoles": []
            }
            """
        ),
    ];

    [Fact]
    public async Task TheGuidesGetExampleAnswersTheGuidesBodyOnceTheGuidesCloudExampleIsApplied()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.ClientWith(emulator.UserToken(DefaultTenants.CloudOnlyId, DefaultTenants.UserId(DefaultTenants.CloudOnlyId, 1)));
        // An unconfigured tenant answers with no source (Graph's default); the guide's GET shows a tenant set to cloud.
        Assert.Equal("null|[]", GraphAssert.Fingerprint(await GraphAssert.JsonAsync(await client.GetAsync(SeedPath))));
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(SeedPath, EmulatorFactory.Json("""{"source":"cloud","allowedRoles":[]}"""))).StatusCode);

        var response = await client.GetAsync(SeedPath);

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("cloud", body.GetProperty("source").GetString());
        // The guide prints "allowedRoles": {} here; Graph's type is a string collection, so the
        // emulator answers with the empty collection, [] (a documented choice).
        Assert.Equal(JsonValueKind.Array, body.GetProperty("allowedRoles").ValueKind);
        Assert.Equal(0, body.GetProperty("allowedRoles").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(PatchExamples))]
    public async Task EveryPatchExampleOfTheGuideAnswers200WithTheGuidesBody(string example, string tenantKind, string request, string expected)
    {
        var emulator = await shared.FreshAsync();
        var tenant = tenantKind == "hybrid" ? DefaultTenants.HybridId : DefaultTenants.CloudOnlyId;
        var client = emulator.ClientWith(emulator.UserToken(tenant, DefaultTenants.UserId(tenant, 1)));

        var response = await client.PatchAsync(SeedPath, EmulatorFactory.Json(request));

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        AssertHasGuideProperties(example, expected, body);
        AssertHasGuideProperties(example, expected, await GraphAssert.JsonAsync(await client.GetAsync(SeedPath)));
    }

    private static void AssertHasGuideProperties(string example, string expected, JsonElement actual)
    {
        using var guide = JsonDocument.Parse(expected);
        foreach (var property in guide.RootElement.EnumerateObject())
        {
            Assert.True(
                JsonElement.DeepEquals(property.Value, actual.GetProperty(property.Name)),
                $"{example}: {property.Name} is {actual.GetProperty(property.Name).GetRawText()}, the guide says {property.Value.GetRawText()}");
        }
    }
}
