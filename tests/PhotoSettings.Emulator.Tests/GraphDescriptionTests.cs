using System.Net;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator's API description against a slice of Graph's published metadata (test data), so drift
/// fails a test instead of surprising a user; and the paths the profile-photo reference documents.
/// </summary>
public sealed class GraphDescriptionTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    private static readonly Dictionary<string, JsonSchemaKind> EdmKinds = new()
    {
        ["Edm.String"] = new("string", null),
        ["Edm.Boolean"] = new("boolean", null),
        ["Edm.Int32"] = new("integer", "int32"),
        ["Collection(Edm.String)"] = new("array", null),
    };

    private sealed record JsonSchemaKind(string Type, string? Format);

    /// <summary>The settings types the emulator describes with a schema of their own (peopleAdminSettings is a plain object).</summary>
    private static readonly string[] SettingTypes =
        ["microsoft.graph.photoUpdateSettings", "microsoft.graph.pronounsSettings", "microsoft.graph.namePronunciationSettings", "microsoft.graph.insightsSettings"];

    /// <summary>The people collections' item types, and the complex types their items hold.</summary>
    private static readonly string[] CollectionTypes =
        ["microsoft.graph.profileCardProperty", "microsoft.graph.profilePropertySetting", "microsoft.graph.profileSource"];

    private static readonly string[] ItemTypes =
        [.. CollectionTypes, "microsoft.graph.profileCardAnnotation", "microsoft.graph.displayNameLocalization", "microsoft.graph.profileSourceLocalization"];

    [Fact]
    public async Task TheSchemasMatchTheSliceOfGraphsMetadata()
    {
        var emulator = await shared.FreshAsync();
        var document = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/v1.json"));
        var slice = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "graph-metadata-slice.json"))).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var enumType in slice.GetProperty("enumTypes").EnumerateObject())
        {
            Assert.Equal(enumType.Value.EnumerateArray().Select(v => v.GetString()),
                schemas.GetProperty(enumType.Name).GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }

        // A type whose versions differ (profilePropertySetting) has a schema per version, each with that version's properties.
        var described = SettingTypes.Concat(ItemTypes).Select(t => (Schema: t, Type: slice.GetProperty("entityTypes").GetProperty(t)))
            .SelectMany(t => t.Type.TryGetProperty("versions", out var versions)
                ? versions.EnumerateObject().Select(v => (v.Value.GetProperty("schema").GetString()!, v.Value.GetProperty("properties"))).Prepend((t.Schema, t.Type.GetProperty("properties")))
                : [(t.Schema, t.Type.GetProperty("properties"))]);
        foreach (var (typeName, sliceSettings) in described)
        {
            var settings = schemas.GetProperty(typeName).GetProperty("properties");
            // The same properties as Graph's type; OData annotations (@odata.context) ride along as on the wire.
            Assert.Equal(sliceSettings.EnumerateObject().Select(p => p.Name).Order(),
                settings.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@')).Order());
            foreach (var property in sliceSettings.EnumerateObject())
            {
                var schema = settings.GetProperty(property.Name);
                var edm = property.Value.GetString()!;
                if (EdmKinds.TryGetValue(edm, out var kind))
                {
                    Assert.Contains(kind.Type, TypesOf(schema));
                }
                else
                {
                    // A collection of a complex type is an array of references to its schema.
                    var referenced = edm.StartsWith("Collection(", StringComparison.Ordinal) ? edm["Collection(".Length..^1] : edm;
                    Assert.Contains($"#/components/schemas/{referenced}", schema.GetRawText());
                }
            }
        }

        // An unconfigured tenant's source is null (Graph's property is nullable), so a generated client must accept it.
        var source = schemas.GetProperty("microsoft.graph.photoUpdateSettings").GetProperty("properties").GetProperty("source");
        Assert.Contains(source.GetProperty("oneOf").EnumerateArray(), s => TypesOf(s).Contains("null"));

        var photo = schemas.GetProperty("ProfilePhotoResource").GetProperty("properties");
        foreach (var property in slice.GetProperty("entityTypes").GetProperty("microsoft.graph.profilePhoto").GetProperty("properties").EnumerateObject())
        {
            var kind = EdmKinds[property.Value.GetString()!];
            var schema = photo.GetProperty(property.Name);
            Assert.Contains(kind.Type, TypesOf(schema));
            if (kind.Format is not null)
            {
                Assert.Equal(kind.Format, schema.GetProperty("format").GetString());
            }
        }
    }

    [Fact]
    public async Task EveryOperationOfTheSliceIsDescribedAtEveryVersionGraphServesItWithSelectOnGetAndBinaryPhotoBytes()
    {
        var emulator = await shared.FreshAsync();
        var paths = (await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/v1.json"))).GetProperty("paths");
        var slice = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "graph-metadata-slice.json"))).RootElement.GetProperty("entityTypes");

        var served = new HashSet<string>();
        foreach (var type in slice.EnumerateObject().Where(t => t.Value.TryGetProperty("paths", out _)))
        {
            foreach (var path in type.Value.GetProperty("paths").EnumerateArray().Select(p => p.GetString()!))
            {
                served.Add(path);
                var item = paths.GetProperty(path);
                Assert.All(type.Value.GetProperty("operations").EnumerateArray(),
                    op => Assert.True(item.TryGetProperty(op.GetString()!, out _), $"{path} {op.GetString()}"));
                if (CollectionTypes.Contains(type.Name))
                {
                    var reference = $"#/components/schemas/{SchemaAt(type.Value, type.Name, path)}";
                    Assert.Contains(item.GetProperty("get").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "$select");
                    Assert.Equal(reference, item.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").GetProperty("value").GetProperty("items").GetProperty("$ref").GetString());
                    Assert.Equal(reference, item.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                    Assert.Equal(reference, item.GetProperty("post").GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                }

                if (SettingTypes.Contains(type.Name))
                {
                    var reference = $"#/components/schemas/{type.Name}";
                    Assert.Contains(item.GetProperty("get").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "$select");
                    Assert.Equal(reference, item.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                    Assert.Equal(reference, item.GetProperty("patch").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                }
            }
        }

        foreach (var type in slice.EnumerateObject().Where(t => t.Value.TryGetProperty("itemPaths", out _)))
        {
            foreach (var path in type.Value.GetProperty("itemPaths").EnumerateArray().Select(p => p.GetString()!))
            {
                var reference = $"#/components/schemas/{SchemaAt(type.Value, type.Name, path)}";
                served.Add(path);
                var item = paths.GetProperty(path);
                Assert.All(type.Value.GetProperty("itemOperations").EnumerateArray(),
                    op => Assert.True(item.TryGetProperty(op.GetString()!, out _), $"{path} {op.GetString()}"));
                Assert.Equal(reference, item.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                Assert.Equal(reference, item.GetProperty("patch").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
                Assert.True(item.GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _), $"{path} delete 204");
            }

            foreach (var path in type.Value.GetProperty("countPaths").EnumerateArray().Select(p => p.GetString()!))
            {
                served.Add(path);
                Assert.True(paths.GetProperty(path).TryGetProperty("get", out _), $"{path} get");
            }
        }

        // Nothing under /admin/people that Graph does not serve at that version (v1.0 has no namePronunciation).
        Assert.Equal(served.Order(), paths.EnumerateObject().Select(p => p.Name)
            .Where(p => p.Contains("/admin/people", StringComparison.Ordinal) && !p.EndsWith("/$ref", StringComparison.Ordinal)).Order());

        foreach (var version in new[] { "beta", "v1.0" })
        {
            foreach (var who in new[] { "/me", "/users/{userId}" })
            {
                var photo = paths.GetProperty($"/{version}{who}/photo");
                var value = paths.GetProperty($"/{version}{who}/photo/$value");
                Assert.True(photo.TryGetProperty("get", out _));
                Assert.True(photo.TryGetProperty("delete", out _));
                Assert.All(["get", "put", "patch", "delete"], op => Assert.True(value.TryGetProperty(op, out _), $"{version}{who}/photo/$value {op}"));
                var bytes = value.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
                Assert.Equal("binary", bytes.GetProperty("image/jpeg").GetProperty("schema").GetProperty("format").GetString());
            }
        }
    }

    /// <summary>The schema a path's version describes its type with: the version's own where the slice gives one, else Graph's type name.</summary>
    private static string SchemaAt(JsonElement type, string typeName, string path) =>
        type.TryGetProperty("versions", out var versions) && versions.TryGetProperty(path.Split('/')[1], out var version)
            ? version.GetProperty("schema").GetString()!
            : typeName;

    [Theory]
    [InlineData("beta", "id")]
    [InlineData("v1.0", "upn")]
    [InlineData("beta", "me")]
    [InlineData("v1.0", "me")]
    public async Task DeletingThroughValueRemovesThePhotoAsDeletingThePhotoDoes(string version, string who)
    {
        var emulator = await shared.FreshAsync();
        var user = DefaultTenants.UserId(Hybrid, 2);
        var client = who == "me" ? emulator.ClientWith(emulator.UserToken(Hybrid, user, ["User.ReadWrite"])) : emulator.CreateClient();
        var path = who switch
        {
            "me" => $"/{version}/me/photo",
            "upn" => $"/{version}/users/uma@contosohybrid.onmicrosoft.com/photo",
            _ => $"/{version}/users/{user}/photo",
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        var deleted = await client.DeleteAsync(path + "/$value");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        GraphAssert.Ids(deleted);
        await GraphAssert.ErrorAsync(await client.GetAsync(path), HttpStatusCode.NotFound, "ImageNotFound", emulator.Time.GetUtcNow());
        await GraphAssert.ErrorAsync(await client.DeleteAsync(path + "/$value"), HttpStatusCode.NotFound, "ImageNotFound", emulator.Time.GetUtcNow());
    }

    [Fact]
    public async Task DeletingThroughValueIsBlockedByTheSettingsInEffectAsAnyWrite()
    {
        var emulator = await shared.FreshAsync();
        var admin = emulator.CreateClient();
        var path = $"/beta/users/{DefaultTenants.UserId(Hybrid, 2)}/photo";
        await admin.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32));
        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");

        // The change is pending for 24 hours: the delete is still allowed then, not after.
        await emulator.CreateClient().PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"PT24H"}"""));
        var blocked = await admin.DeleteAsync(path + "/$value");

        await GraphAssert.ErrorAsync(blocked, HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "on-premises");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ThePhotoBytesAnswer304ToTheirOwnETag()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var path = $"/v1.0/users/{DefaultTenants.UserId(Hybrid, 3)}/photo";
        await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32));
        var first = await client.GetAsync(path + "/$value");
        var etag = first.Headers.ETag!;
        var metadata = await GraphAssert.JsonAsync(await client.GetAsync(path));

        using var again = new HttpRequestMessage(HttpMethod.Get, path + "/$value");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);

        Assert.Equal(etag.Tag, metadata.GetProperty("@odata.mediaEtag").GetString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AClientOfTheTypedBetaSdkSendsAllowedRolesAloneAndFindsSourceInAdditionalData()
    {
        var emulator = await shared.FreshAsync();
        var graph = new GraphServiceClient(
            GraphClientFactory.Create(finalHandler: emulator.Server.CreateHandler()),
            new BaseBearerTokenAuthenticationProvider(new StaticToken(emulator.AppToken(Hybrid))),
            new Uri(emulator.Server.BaseAddress, "/beta").ToString());

        // Exactly what the typed beta SDK's PhotoUpdateSettings model writes: its @odata.type, allowedRoles, nothing else.
        var sent = await GraphSdk.SendAsync(graph, Method.PATCH, new Uri(emulator.Server.BaseAddress, EmulatorFactory.SettingsPath),
            """{"@odata.type":"#microsoft.graph.photoUpdateSettings","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var read = await GraphSdk.SendAsync(graph, Method.GET, new Uri(emulator.Server.BaseAddress, EmulatorFactory.SettingsPath));

        // Read the way a typed model reads it: known properties typed, the rest in AdditionalData.
        var node = new JsonParseNode(read);
        var model = node.GetObjectValue(TypedBetaPhotoUpdateSettings.Create)!;
        Assert.Equal(["fe930be7-5e62-47db-91af-98c3a49a38b1"], model.AllowedRoles);
        // The tenant never set a source, so Graph's unset (null) source is what the model finds.
        Assert.Equal(JsonValueKind.Null, read.GetProperty("source").ValueKind);
        Assert.Null(model.AdditionalData.TryGetValue("source", out var source) ? source : null);
        Assert.Equal(sent.GetRawText(), read.GetRawText().Replace(read.GetProperty("@odata.context").GetString()!, sent.GetProperty("@odata.context").GetString()!, StringComparison.Ordinal));
    }

    private static string[] TypesOf(JsonElement schema) => schema.TryGetProperty("type", out var type)
        ? type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!]
        : [];

    /// <summary>The shape of the typed beta SDK's generated model: <c>allowedRoles</c> typed, everything else additional data.</summary>
    private sealed class TypedBetaPhotoUpdateSettings : IParsable, IAdditionalDataHolder
    {
        public List<string>? AllowedRoles { get; set; }

        public IDictionary<string, object> AdditionalData { get; set; } = new Dictionary<string, object>();

        public static TypedBetaPhotoUpdateSettings Create(IParseNode node) => new();

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>
        {
            ["allowedRoles"] = n => AllowedRoles = n.GetCollectionOfPrimitiveValues<string>()?.ToList(),
        };

        public void Serialize(ISerializationWriter writer) => throw new NotSupportedException();
    }
}
