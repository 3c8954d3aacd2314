using System.Text.Json.Serialization;
using FluentValidation;

namespace PhotoSettings.Emulator.Faults;

/// <summary>
/// A fault rule as clients write it: what it matches (tenant, method, path pattern), what it does
/// (an error status, latency, or both) and when (the next N matches, matches K to M, or a seeded
/// probability; every match when none is given).
/// Settable rather than init-only because configuration binds it (<c>Emulator:Faults</c>): the native-AOT build's
/// generated binder sets only settable properties, and a rule with nothing bound refused to start.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FaultRuleDocument
{
    public string? Id { get; set; }

    public string? TenantId { get; set; }

    public string? Method { get; set; }

    /// <summary>A path pattern, <c>*</c> for any run of characters, matched case-insensitively.</summary>
    public string? Path { get; set; }

    public int? Status { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public int? LatencyMs { get; set; }

    public LatencyRange? Latency { get; set; }

    public int? Count { get; set; }

    public int? FromRequest { get; set; }

    public int? ToRequest { get; set; }

    public double? Probability { get; set; }

    public int? Seed { get; set; }

    /// <summary>How many matching requests the rule has seen (answers only).</summary>
    public int? Matched { get; set; }

    /// <summary>How many of them it faulted (answers only).</summary>
    public int? Faulted { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LatencyRange
{
    public int? MinMs { get; set; }

    public int? MaxMs { get; set; }
}

/// <summary>Refuses rules that are malformed or can never match, naming each problem.</summary>
public sealed class FaultRuleValidator : AbstractValidator<FaultRuleDocument>
{
    public static readonly int[] Statuses = [429, 500, 502, 503, 504];
    public static readonly string[] Methods = ["GET", "PATCH", "POST", "PUT", "DELETE"];
    public const int MaxPathLength = 2048;
    public const int MaxLatencyMs = 120_000;

    /// <summary>An id is answered in the <c>X-Emulator-Fault</c> header and in <c>Location</c>, so it must be a header token.</summary>
    public const int MaxIdLength = 128;

    public FaultRuleValidator()
    {
        RuleFor(r => r).Custom((rule, context) =>
        {
            void Fail(string path, string message) => context.AddFailure(path, message);

            if (rule.Id is { } id && !IsToken(id))
            {
                // Not quoted back: a control character is what is wrong with it.
                Fail("id", $"'id' must be 1 to {MaxIdLength} characters, each an ASCII letter or digit or one of {TokenSymbols}, "
                    + $"because it is answered in the {FaultFilter.Header} header; this one is {(id.Length == 0 ? "empty" : id.Length > MaxIdLength ? $"{id.Length} characters long" : "not")}.");
            }

            if (rule.TenantId is { } tenant && !Guid.TryParse(tenant, out _))
            {
                Fail("tenantId", $"'tenantId' '{Primitives.ClientText.Clip(tenant)}' is not a GUID.");
            }

            if (rule.Method is { } method && !Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                Fail("method", $"'method' '{Primitives.ClientText.Clip(method)}' is not one of {string.Join(", ", Methods)}: no Graph request could match.");
            }

            if (rule.Path is { Length: > MaxPathLength } longPath)
            {
                Fail("path", $"'path' '{Primitives.ClientText.Clip(longPath)}' is longer than {MaxPathLength} characters.");
            }
            else if (rule.Path is { } path && !(path.StartsWith("/beta", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/v1.0", StringComparison.OrdinalIgnoreCase) || path.StartsWith('*')))
            {
                Fail("path", $"'path' '{Primitives.ClientText.Clip(path)}' can never match: faults apply to the Graph surface, /beta/... and /v1.0/....");
            }

            if (rule.Status is { } status && !Statuses.Contains(status))
            {
                Fail("status", $"'status' {status} is not one of {string.Join(", ", Statuses)}.");
            }

            if (rule.Status is null && rule.LatencyMs is null && rule.Latency is null)
            {
                Fail("status", "A rule needs an action: a 'status', a latency ('latencyMs' or 'latency'), or both.");
            }

            if (rule.RetryAfterSeconds is { } retry && (retry < 0 || retry > 3600 || rule.Status is not (429 or 503)))
            {
                Fail("retryAfterSeconds", "'retryAfterSeconds' goes with status 429 or 503, from 0 to 3600.");
            }

            if (rule.LatencyMs is not null && rule.Latency is not null)
            {
                Fail("latency", "Give 'latencyMs' or 'latency', not both.");
            }

            if (rule.LatencyMs is < 0 or > MaxLatencyMs)
            {
                Fail("latencyMs", $"'latencyMs' must be from 0 to {MaxLatencyMs}.");
            }

            if (rule.Latency is { } range && !(range.MinMs is >= 0 && range.MaxMs is { } max && max >= range.MinMs && max <= MaxLatencyMs))
            {
                Fail("latency", $"'latency' needs minMs and maxMs with 0 <= minMs <= maxMs <= {MaxLatencyMs}.");
            }

            var schedules = (rule.Count is not null ? 1 : 0) + (rule.FromRequest is not null || rule.ToRequest is not null ? 1 : 0) + (rule.Probability is not null ? 1 : 0);
            if (schedules > 1)
            {
                Fail("count", "Choose one schedule: 'count', 'fromRequest'/'toRequest', or 'probability'.");
            }

            if (rule.Count is < 1)
            {
                Fail("count", "'count' must be at least 1: a rule for no request can never match.");
            }

            if (rule.FromRequest is not null || rule.ToRequest is not null)
            {
                if (rule.FromRequest is not >= 1 || rule.ToRequest is not { } to || to < rule.FromRequest)
                {
                    Fail("fromRequest", "'fromRequest' and 'toRequest' need 1 <= fromRequest <= toRequest.");
                }
            }

            if (rule.Probability is { } probability && !(probability > 0 && probability <= 1))
            {
                Fail("probability", "'probability' must be above 0 and at most 1: at 0 the rule can never match.");
            }

            if (rule.Seed is not null && rule.Probability is null && rule.Latency is null)
            {
                Fail("seed", "'seed' drives 'probability' or a 'latency' range; this rule has neither.");
            }
        });
    }

    /// <summary>The symbols of an HTTP token (RFC 9110, section 5.6.2) besides ASCII letters and digits.</summary>
    public const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static bool IsToken(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c));
}
