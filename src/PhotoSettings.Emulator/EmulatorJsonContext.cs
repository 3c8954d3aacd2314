using System.Text.Json;
using System.Text.Json.Serialization;
using PhotoSettings.Emulator.Control;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator;

/// <summary>Every type the emulator reads or writes as JSON, serialised without reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PhotoUpdateSettingsResource))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonArray))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Photos.ProfilePhotoResource))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Photos.ProfilePhotoCollection))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.ClockResponse))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.AdvanceRequest))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.SettingsTimeline))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.SettingTimeline))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.DeclaredSetting[]))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Control.PhotoAccessView))]
[JsonSerializable(typeof(RoleCatalogDocument))]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(TenantDocument))]
[JsonSerializable(typeof(TenantDocument[]))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Faults.FaultRuleDocument))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Faults.FaultRuleDocument[]))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Journal.JournalEntry[]))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.EntraTokenResponse))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Graph.EntraError))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.OpenIdConfiguration))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.JsonWebKeySetDocument))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.ManagedIdentityTokenResponse))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.ManagedIdentityError))]
[JsonSerializable(typeof(CertificateRequest))]
[JsonSerializable(typeof(CertificateView[]))]
[JsonSerializable(typeof(ManagedIdentityEnvironment))]
[JsonSerializable(typeof(PhotoSettings.Emulator.Auth.InstanceDiscoveryResponse))]
public sealed partial class EmulatorJsonContext : JsonSerializerContext;

/// <summary>The options the emulator writes with.</summary>
public sealed partial class EmulatorJsonContext
{
    /// <summary>
    /// Graph writes apostrophes and non-ASCII text as they are, not as <c>\u0027</c>; so do we
    /// (the answers are JSON documents, never embedded in HTML).
    /// </summary>
    public static EmulatorJsonContext Wire { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
