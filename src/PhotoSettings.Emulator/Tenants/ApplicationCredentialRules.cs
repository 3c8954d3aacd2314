using FluentValidation;
using static PhotoSettings.Emulator.Tenants.TenantDocumentValidator;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// An application's certificates and managed-identity fields, judged for <see cref="ApplicationDocumentValidator"/>
/// (and for a certificate added through the control API, which must fit the same rules).
/// </summary>
public static class ApplicationCredentialRules
{
    /// <summary>An Azure resource id is a path of a few segments; real ones stay far below this.</summary>
    public const int MaxResourceIdLength = 1024;

    public static void Check(TenantApplicationDocument app, string path, ValidationContext<TenantApplicationDocument> context)
    {
        var certificates = app.Certificates ?? [];
        if (certificates.Count > ApplicationCertificate.MaxPerApplication)
        {
            context.AddFailure("certificates", $"{path}.certificates has {certificates.Count} entries; at most {ApplicationCertificate.MaxPerApplication} are taken.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < certificates.Count; c++)
        {
            var entry = $"{path}.certificates[{c}]";
            if (certificates[c] is not { } document)
            {
                context.AddFailure($"certificates[{c}]", $"{entry} is null.");
            }
            else if (ApplicationCertificate.Parse(document.Certificate, out var problem) is not { } certificate)
            {
                context.AddFailure($"certificates[{c}].certificate", $"{entry}.certificate {problem}");
            }
            else if (!seen.Add(certificate.Thumbprint))
            {
                context.AddFailure($"certificates[{c}].certificate", $"{entry}.certificate (thumbprint {certificate.Thumbprint}) is registered twice.");
            }
        }

        if (app.ResourceId is { } resourceId && (string.IsNullOrWhiteSpace(resourceId) || resourceId.Length > MaxResourceIdLength || !resourceId.TrimStart().StartsWith('/')))
        {
            context.AddFailure("resourceId",
                $"{path}.resourceId '{Clip(resourceId)}' is not an Azure resource id (/subscriptions/…/userAssignedIdentities/<name>, at most {MaxResourceIdLength} characters).");
        }

        if (app.ResourceId is not null && app.ManagedIdentity != true)
        {
            context.AddFailure("resourceId", $"{path}.resourceId names a managed identity's resource; set {path}.managedIdentity to true as well.");
        }
    }
}
