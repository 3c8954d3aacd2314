using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace PhotoPolicyAuditor;

/// <summary>The auditor's verdict on a tenant's photo policy.</summary>
public sealed record PhotoPolicyReport(string Verdict, IReadOnlyList<string> AllowedRoles, bool ManagedOnPremises);

/// <summary>
/// Reads <c>/beta/admin/people/photoUpdateSettings</c> through Microsoft Graph (or the emulator) and
/// reports, in words, who may change profile photos. A realistic client: it knows nothing of the emulator.
/// </summary>
public sealed class PhotoPolicyAuditor(HttpClient graph)
{
    // Display names of the roles an admin is likely to allow; others are shown by template id.
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fe930be7-5e62-47db-91af-98c3a49a38b1"] = "User Administrator",
        ["62e90394-69f5-4237-9190-012177145e10"] = "Global Administrator",
        ["024906de-61e5-49c8-8572-40335f1e0e10"] = "People Administrator",
    };

    public async Task<PhotoPolicyReport> AuditAsync(CancellationToken cancellationToken = default)
    {
        using var response = await graph.GetAsync("/beta/admin/people/photoUpdateSettings", cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var error = await response.Content.ReadFromJsonAsync(AuditorJson.Default.GraphErrorEnvelope, cancellationToken);
            return new PhotoPolicyReport($"Cannot audit: {error?.Error.Code} ({error?.Error.Message})", [], false);
        }

        response.EnsureSuccessStatusCode();
        var settings = await response.Content.ReadFromJsonAsync(AuditorJson.Default.PhotoUpdateSettings, cancellationToken)
            ?? throw new InvalidOperationException("Graph answered an empty body.");
        if (string.Equals(settings.Source, "onPremises", StringComparison.OrdinalIgnoreCase))
        {
            return new PhotoPolicyReport("Photos are managed on-premises: nobody can change them in the cloud.", [], true);
        }

        var roles = (settings.AllowedRoles ?? []).Select(r => RoleNames.GetValueOrDefault(r, r)).ToArray();
        return roles.Length == 0
            ? new PhotoPolicyReport("Everyone may change their own profile photo.", [], false)
            : new PhotoPolicyReport($"Only holders of {string.Join(" or ", roles)} may change profile photos.", roles, false);
    }
}

public sealed record PhotoUpdateSettings(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("allowedRoles")] IReadOnlyList<string>? AllowedRoles);

public sealed record GraphErrorEnvelope([property: JsonPropertyName("error")] GraphErrorBody Error);

public sealed record GraphErrorBody([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(PhotoUpdateSettings))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
internal sealed partial class AuditorJson : JsonSerializerContext;
