using System.Text.Json.Serialization;

namespace PhotoSettings.Testing;

/// <summary>
/// A fault rule (<c>POST /_emulator/faults</c>): match by tenant, method and path pattern (<c>*</c> for
/// any run); answer a status (429, 500, 502, 503, 504), add latency, or both; for the next
/// <see cref="Count"/> matches, matches <see cref="FromRequest"/> to <see cref="ToRequest"/>, or a seeded probability.
/// </summary>
public sealed record FaultRule
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("tenantId")] public Guid? TenantId { get; init; }
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("status")] public int? Status { get; init; }
    [JsonPropertyName("retryAfterSeconds")] public int? RetryAfterSeconds { get; init; }
    [JsonPropertyName("latencyMs")] public int? LatencyMs { get; init; }
    [JsonPropertyName("count")] public int? Count { get; init; }
    [JsonPropertyName("fromRequest")] public int? FromRequest { get; init; }
    [JsonPropertyName("toRequest")] public int? ToRequest { get; init; }
    [JsonPropertyName("probability")] public double? Probability { get; init; }
    [JsonPropertyName("seed")] public int? Seed { get; init; }
    [JsonPropertyName("matched")] public int? Matched { get; init; }
    [JsonPropertyName("faulted")] public int? Faulted { get; init; }

    /// <summary>Throttle the next <paramref name="count"/> requests to <paramref name="path"/> with 429 and Retry-After.</summary>
    public static FaultRule Throttle(string path, int count, int retryAfterSeconds = 1, string? method = null) =>
        new() { Path = path, Method = method, Status = 429, RetryAfterSeconds = retryAfterSeconds, Count = count };
}

/// <summary>One Graph request from the emulator's journal; <c>Host</c> is the Host it was addressed to (graph.microsoft.com through the proxy).</summary>
public sealed record RecordedRequest(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("tenantId")] string? TenantId,
    [property: JsonPropertyName("caller")] string? Caller,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string? Query,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("clientRequestId")] string ClientRequestId,
    [property: JsonPropertyName("retryAttempt")] string? RetryAttempt,
    [property: JsonPropertyName("fault")] string? Fault,
    [property: JsonPropertyName("host")] string? Host = null);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FaultRule))]
[JsonSerializable(typeof(RecordedRequest[]))]
internal sealed partial class FaultJsonContext : JsonSerializerContext;
