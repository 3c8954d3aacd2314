namespace PhotoSettings.Testcontainers;

/// <summary>How the emulator checks tokens (<c>Emulator:Auth:Mode</c>; docs/tenants-and-tokens.md, "Auth modes").</summary>
public enum PhotoSettingsAuthMode
{
    /// <summary>The default: any well-formed, unexpired JWT with a <c>tid</c>; signatures are not checked.</summary>
    Loose,

    /// <summary>Only tokens the emulator signed, for Graph's audience, for a tenant that exists.</summary>
    Strict,

    /// <summary>No token needed: every request acts as an all-powerful application in Contoso Hybrid.</summary>
    Off,
}
