using System.Net;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Every request/response example of Microsoft's guide (shared/seeds/photo-update-settings.md),
/// replayed verbatim: the same path (lower-case, as the guide writes it), the same bodies, and the
/// guide's response properties compared value for value.
/// </summary>
public sealed class SeedExamplesTests
{
    private const string SeedPath = "/beta/admin/people/photoupdatesettings";

    public static TheoryData<string, string, string> PatchExamples => new()
    {
        {
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
        },
        {
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
        },
        {
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
        },
        {
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
        },
    };

    [Fact]
    public async Task GetOnAFreshTenantReturnsTheGuidesCloudSettingsWithNoRoles()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync(SeedPath);

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("cloud", body.GetProperty("source").GetString());
        // The guide prints "allowedRoles": {} here; Graph's type is a string collection, so the
        // emulator answers with the empty collection, [] (a documented choice).
        Assert.Equal(JsonValueKind.Array, body.GetProperty("allowedRoles").ValueKind);
        Assert.Equal(0, body.GetProperty("allowedRoles").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(PatchExamples))]
    public async Task EveryPatchExampleOfTheGuideAnswers200WithTheGuidesBody(string example, string request, string expected)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();

        var response = await client.PatchAsync(SeedPath, EmulatorFactory.Json(request));

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        AssertHasGuideProperties(example, expected, body);
        AssertHasGuideProperties(example, expected, await emulator.GetSettingsAsync());
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
