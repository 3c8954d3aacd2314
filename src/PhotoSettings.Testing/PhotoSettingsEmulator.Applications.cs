using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;

namespace PhotoSettings.Testing;

/// <summary>Reading a tenant back, and the sign-ins production apps use: certificates and managed identities.</summary>
public abstract partial class PhotoSettingsEmulator
{
    /// <summary>A tenant as the emulator holds it (the tenants-file shape): its users, custom roles and applications.</summary>
    public async Task<TestTenant> GetTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.GetAsync($"/_emulator/tenants/{tenantId}", cancellationToken);
        await EnsureAsync(response, $"read tenant {tenantId}", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.TestTenant, cancellationToken))!;
    }

    /// <summary>
    /// Registers <paramref name="certificate"/>'s public part on an application, so client assertions signed with its key
    /// (<c>ClientCertificateCredential</c>, MSAL's <c>WithCertificate</c>) sign in. Returns it with its thumbprint.
    /// </summary>
    public async Task<TestCertificate> AddCertificateAsync(Guid tenantId, Guid appId, X509Certificate2 certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var client = CreateRawClient();
        // The thumbprint is left out: the route takes the certificate alone.
        var body = new TestCertificate(certificate.ExportCertificatePem());
        using var response = await client.PostAsync(
            $"/_emulator/tenants/{tenantId}/applications/{appId}/certificates", JsonContent.Create(body, TestingJsonContext.Default.TestCertificate), cancellationToken);
        await EnsureAsync(response, $"register a certificate on application {appId}", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.TestCertificate, cancellationToken))!;
    }

    /// <summary>The certificates registered on an application.</summary>
    public async Task<IReadOnlyList<TestCertificate>> GetCertificatesAsync(Guid tenantId, Guid appId, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.GetAsync($"/_emulator/tenants/{tenantId}/applications/{appId}/certificates", cancellationToken);
        await EnsureAsync(response, $"list application {appId}'s certificates", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.TestCertificateArray, cancellationToken))!;
    }

    /// <summary>Removes a certificate by its SHA-1 thumbprint; assertions signed with it are refused from then on.</summary>
    public async Task RemoveCertificateAsync(Guid tenantId, Guid appId, string thumbprint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(thumbprint);
        using var client = CreateRawClient();
        using var response = await client.DeleteAsync(
            $"/_emulator/tenants/{tenantId}/applications/{appId}/certificates/{Uri.EscapeDataString(thumbprint)}", cancellationToken);
        await EnsureAsync(response, $"remove certificate {thumbprint} from application {appId}", cancellationToken);
    }

    /// <summary>
    /// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> for <c>ManagedIdentityCredential</c>, on <see cref="BaseAddress"/>
    /// (in-process, that address is served only by this emulator's own clients and handler).
    /// </summary>
    public async Task<ManagedIdentityEnvironment> GetManagedIdentityEnvironmentAsync(CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.GetAsync("/_emulator/managed-identity", cancellationToken);
        await EnsureAsync(response, "read the managed-identity environment", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.ManagedIdentityEnvironment, cancellationToken))!;
    }
}
