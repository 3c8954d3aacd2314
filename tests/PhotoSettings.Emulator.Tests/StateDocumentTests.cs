using System.Net;
using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Every field of the state document, made wrong one at a time in a real snapshot: <c>PUT /_emulator/state</c>
/// answers 400 naming that field, never a 500, and the state stays as it was.
/// </summary>
public sealed class StateDocumentTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string UnknownRole = "00000000-1111-2222-3333-444444444444";

    /// <summary>Each field, what breaks it, and the words the answer must hold.</summary>
    private static readonly Dictionary<string, (Action<JsonObject, JsonObject> Break, string Expected)> Fields = new()
    {
        ["version"] = ((root, _) => root["version"] = 99, "Version 99 was written by a newer emulator"),
        ["clockOffset"] = ((root, _) => root["clockOffset"] = "-PT1H", "clockOffset: '-PT1H' is not a duration"),
        ["tenants"] = ((root, _) => root.Remove("tenants"), "There is no 'tenants' array"),
        ["tenants[].id"] = ((_, t) => t["id"] = "nope", "'id' 'nope' is not a GUID"),
        ["tenants[].displayName"] = ((_, t) => t["displayName"] = " ", "'displayName' is required"),
        ["tenants[].identityModel"] = ((_, t) => t["identityModel"] = "sideways", "'identityModel' 'sideways' is not 'cloudOnly' or 'hybrid'"),
        ["users[].id"] = ((_, t) => User(t)["id"] = "x", "users[0].id 'x' is not a GUID"),
        ["users[].userPrincipalName"] = ((_, t) => User(t)["userPrincipalName"] = "nobody", "users[0].userPrincipalName 'nobody' is not of the form name@domain"),
        ["users[].displayName"] = ((_, t) => User(t)["displayName"] = "", "'users[0].displayName' is required"),
        ["users[].roles[]"] = ((_, t) => User(t)["roles"] = new JsonArray(UnknownRole), $"users[0].roles[0] '{UnknownRole}' is neither"),
        ["customRoles[].id"] = ((_, t) => t["customRoles"] = Roles("62e90394-69f5-4237-9190-012177145e10", "Mine"), "is the built-in role 'Global Administrator'"),
        ["customRoles[].displayName"] = ((_, t) => t["customRoles"] = Roles("f0000000-0000-4000-8000-0000000000aa", ""), "'customRoles[0].displayName' is required"),
        ["applications[].appId"] = ((_, t) => App(t)["appId"] = "x", "applications[0].appId 'x' is not a GUID"),
        ["applications[].displayName"] = ((_, t) => App(t)["displayName"] = "", "'applications[0].displayName' is required"),
        ["applications[].clientSecret"] = ((_, t) => App(t)["clientSecret"] = "", "'applications[0].clientSecret' is required"),
        ["applications[].roles[]"] = ((_, t) => App(t)["roles"] = new JsonArray("Two words"), "applications[0].roles[0] 'Two words' is not a permission name"),
        ["photoUpdateSettings.changeCount"] = ((_, t) => History(t)["changeCount"] = -1, "photoUpdateSettings.changeCount must be from 0"),
        ["photoUpdateSettings.superseded"] = ((_, t) => History(t)["superseded"] = -1, "photoUpdateSettings.superseded must be from 0"),
        ["photoUpdateSettings.clockOffset"] = ((_, t) => History(t)["clockOffset"] = "soon", "photoUpdateSettings.clockOffset 'soon' is not a duration"),
        ["versions[].settings"] = ((_, t) => Version(t).Remove("settings"), "versions[0] needs settings, requestedAt and effectiveAt"),
        ["versions[].settings.source"] = ((_, t) => Settings(t)["source"] = "sideways", "versions[0].settings.source 'sideways' is not 'cloud', 'onPremises' or null"),
        ["versions[].settings.allowedRoles[]"] = ((_, t) => Settings(t)["allowedRoles"] = new JsonArray(UnknownRole), $"versions[0].settings: allowedRoles[0] '{UnknownRole}' is neither"),
        ["versions[].requestedAt"] = ((_, t) => Version(t).Remove("requestedAt"), "versions[0] needs settings, requestedAt and effectiveAt"),
        ["versions[].effectiveAt"] = ((_, t) => Version(t)["effectiveAt"] = "2000-01-01T00:00:00Z", "versions[0].effectiveAt is before its requestedAt"),
        ["photos[].userId"] = ((_, t) => Photo(t)["userId"] = UnknownRole, $"photos[0].userId '{UnknownRole}' is not one of this tenant's users"),
        ["photos[].contentType"] = ((_, t) => Photo(t)["contentType"] = "image/gif", "contentType 'image/gif' is not image/jpeg or image/png"),
        ["photos[].content"] = ((_, t) => Photo(t)["content"] = "not base64!", "photos[0].content is not base64"),
    };

    public static TheoryData<string> FieldNames() => [.. Fields.Keys];

    [Theory]
    [MemberData(nameof(FieldNames))]
    public async Task AStateDocumentWithOneWrongFieldIsRefusedNamingItAndNothingChanges(string field)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 3)}/photo/$value", Photos.Body(Photos.Png64x40, "image/png"))).StatusCode);
        var before = await client.GetStringAsync("/_emulator/state");
        var document = JsonNode.Parse(before)!.AsObject();
        var tenant = document["tenants"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["id"]!.GetValue<string>() == Hybrid.ToString());
        var (breakIt, expected) = Fields[field];
        breakIt(document, tenant);

        var response = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(document.ToJsonString()));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        var errors = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}"));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public void EveryFieldOfTheStateDocumentHasACase()
    {
        // The document's own properties, read from its types: a new field needs a case above.
        string[] documented = [.. Names(typeof(StateDocument)), .. Names(typeof(TenantDocument)), .. Names(typeof(TenantUserDocument)),
            .. Names(typeof(CustomRoleDocument)), .. Names(typeof(TenantApplicationDocument)), .. Names(typeof(SettingsHistoryDocument)),
            .. Names(typeof(SettingsVersionDocument)), .. Names(typeof(SettingsValueDocument)), .. Names(typeof(PhotoDocument))];

        // $schema is free text for editors; a photo's width and height are written for readers and measured on input.
        string[] notChecked = ["$schema", "width", "height", "users", "customRoles", "applications", "photoUpdateSettings", "photos", "versions", "settings"];
        var covered = Fields.Keys.Select(k => k.Split('.')[^1].Replace("[]", "", StringComparison.Ordinal)).ToHashSet();
        Assert.All(documented.Except(notChecked), name => Assert.Contains(name, covered));
    }

    private static IEnumerable<string> Names(Type type) =>
        type.GetProperties().Where(p => p.CanWrite).Select(p =>
            p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false) is [System.Text.Json.Serialization.JsonPropertyNameAttribute named]
                ? named.Name
                : char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);

    private static JsonObject User(JsonObject tenant) => tenant["users"]![0]!.AsObject();

    private static JsonObject App(JsonObject tenant) => tenant["applications"]![0]!.AsObject();

    private static JsonObject History(JsonObject tenant) => tenant["photoUpdateSettings"]!.AsObject();

    private static JsonObject Version(JsonObject tenant) => History(tenant)["versions"]![0]!.AsObject();

    private static JsonObject Settings(JsonObject tenant) => Version(tenant)["settings"]!.AsObject();

    private static JsonObject Photo(JsonObject tenant) => tenant["photos"]![0]!.AsObject();

    private static JsonArray Roles(string id, string name) => [new JsonObject { ["id"] = id, ["displayName"] = name }];
}
