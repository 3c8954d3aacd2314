using System.Text.Json.Serialization;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The emulator's state document (<c>GET/PUT /_emulator/state</c>), which is also the tenants file:
/// <c>{"version":1,"clockOffset":"PT0S","tenants":[ tenant, … ]}</c>. A hand-written tenants file
/// needs only <c>tenants</c>; a snapshot adds each tenant's settings history and photos.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StateDocument
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public int? Version { get; init; }

    /// <summary>The emulator-wide clock offset (ISO 8601 duration).</summary>
    public string? ClockOffset { get; init; }

    public IReadOnlyList<TenantDocument>? Tenants { get; init; }
}
