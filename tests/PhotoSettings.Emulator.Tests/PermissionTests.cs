using System.Net;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>403s: Graph's permission rules for photoUpdateSettings, caller kind by operation.</summary>
public sealed class PermissionTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string Read = "PeopleSettings.Read.All";
    private const string ReadWrite = "PeopleSettings.ReadWrite.All";

    /// <summary>caller, can read, can write.</summary>
    public static TheoryData<string, bool, bool> Matrix => new()
    {
        { "app with PeopleSettings.Read.All", true, false },
        { "app with PeopleSettings.ReadWrite.All", true, true },
        { "app with unrelated permissions", false, false },
        { "People Administrator with ReadWrite scope", true, true },
        { "People Administrator with Read scope only", true, false },
        { "People Administrator without a PeopleSettings scope", false, false },
        { "Global Administrator", true, true },
        { "Global Reader", true, false },
        { "User Administrator", false, false },
        { "user with no role", false, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachCallerGetsWhatGraphsRulesAllow(string caller, bool canRead, bool canWrite)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.ClientWith(TokenFor(emulator, caller));
        var now = emulator.Time.GetUtcNow();

        var read = await client.GetAsync(EmulatorFactory.SettingsPath);
        if (canRead)
        {
            await GraphAssert.SuccessAsync(read, HttpStatusCode.OK);
        }
        else
        {
            await GraphAssert.ErrorAsync(read, HttpStatusCode.Forbidden, "Authorization_RequestDenied", now, "Insufficient privileges to complete the operation.");
        }

        foreach (var method in (string[])["PATCH", "POST", "DELETE"])
        {
            var request = new HttpRequestMessage(new HttpMethod(method), EmulatorFactory.SettingsPath);
            if (method != "DELETE")
            {
                request.Content = EmulatorFactory.Json("""{"source":"onPremises","allowedRoles":[]}""");
            }

            var write = await client.SendAsync(request);
            if (canWrite)
            {
                Assert.True(write.IsSuccessStatusCode, $"{caller} {method}: {(int)write.StatusCode}");
                GraphAssert.Ids(write);
            }
            else
            {
                var error = await GraphAssert.ErrorAsync(write, HttpStatusCode.Forbidden, "Authorization_RequestDenied", now, "Insufficient privileges to complete the operation.");
                Assert.NotEmpty(error.GetProperty("details")[0].GetProperty("message").GetString()!);
                Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
            }
        }
    }

    [Fact]
    public async Task TheForbiddenDetailsSayWhatIsMissing()
    {
        var emulator = await shared.FreshAsync();

        var noScope = await emulator.ClientWith(emulator.AppToken(Hybrid, ["User.Read.All"])).GetAsync(EmulatorFactory.SettingsPath);
        var noRole = await emulator.ClientWith(emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, 4))).GetAsync(EmulatorFactory.SettingsPath);

        var scopeDetail = (await GraphAssert.JsonAsync(noScope)).GetProperty("error").GetProperty("details")[0].GetProperty("message").GetString();
        Assert.Contains("PeopleSettings.Read.All, PeopleSettings.ReadWrite.All", scopeDetail);
        Assert.Contains("'roles'", scopeDetail);
        var roleDetail = (await GraphAssert.JsonAsync(noRole)).GetProperty("error").GetProperty("details")[0].GetProperty("message").GetString();
        Assert.Contains("People Administrator, Global Administrator, Global Reader", roleDetail);
    }

    private static string TokenFor(EmulatorFactory emulator, string caller)
    {
        Guid User(int which) => DefaultTenants.UserId(Hybrid, which);
        return caller switch
        {
            "app with PeopleSettings.Read.All" => emulator.AppToken(Hybrid, [Read]),
            "app with PeopleSettings.ReadWrite.All" => emulator.AppToken(Hybrid, [ReadWrite]),
            "app with unrelated permissions" => emulator.AppToken(Hybrid, ["User.Read.All", "ProfilePhoto.ReadWrite.All"]),
            "People Administrator with ReadWrite scope" => emulator.UserToken(Hybrid, User(1), [ReadWrite]),
            "People Administrator with Read scope only" => emulator.UserToken(Hybrid, User(1), [Read]),
            "People Administrator without a PeopleSettings scope" => emulator.UserToken(Hybrid, User(1), ["User.Read"]),
            "Global Administrator" => emulator.UserToken(Hybrid, User(3), [ReadWrite]),
            "Global Reader" => Tokens.Unsigned(Tokens.Claims(emulator.Time.GetUtcNow(), Hybrid,
                ("scp", $"{Read} {ReadWrite}"), ("wids", new[] { RoleCatalog.GlobalReader }))),
            "User Administrator" => emulator.UserToken(Hybrid, User(2), [ReadWrite]),
            "user with no role" => emulator.UserToken(Hybrid, User(4), [ReadWrite]),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };
    }
}
