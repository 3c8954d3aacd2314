using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>An application's sign-in material: its certificates (client assertions), and the managed-identity endpoint's environment.</summary>
public static partial class ControlApi
{
    private static void MapApplications(RouteGroupBuilder group, RouteGroupBuilder tenants)
    {
        var certificates = tenants.MapGroup("/{tenantId}/applications/{appId}/certificates").WithTags("Applications")
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapGet("", ListCertificates)
            .WithName("ListCertificates").WithSummary("List an application's certificates")
            .WithDescription("The public certificates a client assertion of this application may be signed with, with the thumbprints Entra matches "
                + "an assertion's header by (x5t, x5t#S256).");
        certificates.MapPost("", AddCertificate)
            .WithName("AddCertificate").WithSummary("Register a certificate on an application")
            .WithDescription("Body {\"certificate\": PEM or base64 DER}: a public RSA certificate of 2048 to 8192 bits. 201 with the certificate; "
                + $"409 when it is registered already or the application has {ApplicationCertificate.MaxPerApplication}; 400 for anything else.")
            .Produces<CertificateView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<CertificateRequest>(operation, context));
        certificates.MapDelete("/{thumbprint}", RemoveCertificate)
            .WithName("RemoveCertificate").WithSummary("Remove a certificate from an application")
            .WithDescription("By its SHA-1 thumbprint (hex). Assertions signed with it are refused from then on (AADSTS700027).");

        group.MapGet("/managed-identity", GetManagedIdentity)
            .WithTags("Applications").WithName("GetManagedIdentity").WithSummary("The managed-identity environment")
            .WithDescription("IDENTITY_ENDPOINT and IDENTITY_HEADER for ManagedIdentityCredential and DefaultAzureCredential, on the scheme and host "
                + "you called. 404 when the endpoint is off (Emulator:ManagedIdentity:Enabled=false).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<CertificateView[]>, ControlProblem>> ListCertificates(string tenantId, string appId, TenantService tenants)
    {
        var (application, missing) = await FindApplicationAsync(tenantId, appId, tenants);
        return application is null ? missing! : TypedResults.Ok(application.Certificates.Select(CertificateView.From).ToArray());
    }

    public static async Task<Results<Created<CertificateView>, ControlProblem>> AddCertificate(
        string tenantId, string appId, HttpRequest request, ITenantStore store, TenantService tenants, IValidator<CertificateRequest> validator)
    {
        var (found, missing) = await FindApplicationAsync(tenantId, appId, tenants);
        if (found is null)
        {
            return missing!;
        }

        var (body, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.CertificateRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = validator.Validate(body!);
        if (!validation.IsValid)
        {
            return ControlProblem.Invalid(validation.Errors);
        }

        var certificate = ApplicationCertificate.Parse(body!.Certificate, out _)!;
        ControlProblem? conflict = null;
        await store.UpdateAsync(Guid.Parse(tenantId), state => WithApplication(state, found.AppId, application =>
        {
            conflict = application.Certificates.Any(c => c.Thumbprint == certificate.Thumbprint)
                ? ControlProblem.Create(StatusCodes.Status409Conflict, $"The certificate {certificate.Thumbprint} is registered on application '{application.AppId}' already.")
                : application.Certificates.Length >= ApplicationCertificate.MaxPerApplication
                    ? ControlProblem.Create(StatusCodes.Status409Conflict,
                        $"Application '{application.AppId}' has {ApplicationCertificate.MaxPerApplication} certificates, the most it may; remove one first.")
                    : null;
            return conflict is null ? application with { Certificates = application.Certificates.Add(certificate) } : application;
        }));
        return conflict ?? (Results<Created<CertificateView>, ControlProblem>)TypedResults.Created(
            $"/_emulator/tenants/{Guid.Parse(tenantId)}/applications/{found.AppId}/certificates/{certificate.Thumbprint}", CertificateView.From(certificate));
    }

    public static async Task<Results<NoContent, ControlProblem>> RemoveCertificate(string tenantId, string appId, string thumbprint, ITenantStore store, TenantService tenants)
    {
        var (found, missing) = await FindApplicationAsync(tenantId, appId, tenants);
        if (found is null)
        {
            return missing!;
        }

        var removed = false;
        await store.UpdateAsync(Guid.Parse(tenantId), state => WithApplication(state, found.AppId, application =>
        {
            var kept = application.Certificates.RemoveAll(c => c.Thumbprint.Equals(thumbprint, StringComparison.OrdinalIgnoreCase));
            removed = kept.Length < application.Certificates.Length;
            return removed ? application with { Certificates = kept } : application;
        }));
        return removed
            ? TypedResults.NoContent()
            : ControlProblem.NotFound($"Application '{found.AppId}' has no certificate with thumbprint '{ClientText.Clip(thumbprint)}'.");
    }

    public static Results<Ok<ManagedIdentityEnvironment>, ControlProblem> GetManagedIdentity(
        HttpRequest request, ManagedIdentitySecret secret, Microsoft.Extensions.Options.IOptions<ManagedIdentityOptions> options) =>
        options.Value.Enabled
            ? TypedResults.Ok(new ManagedIdentityEnvironment($"{request.Scheme}://{request.Host}{ManagedIdentityApi.Path}", secret.Value))
            : ControlProblem.NotFound("The managed-identity endpoint is off (Emulator:ManagedIdentity:Enabled=false).");

    /// <summary>The state with one application changed; the same instance (nothing written) when the change returns it unchanged.</summary>
    private static TenantState WithApplication(TenantState state, string appId, Func<TenantApplication, TenantApplication> change)
    {
        var applications = state.Tenant.Applications;
        for (var i = 0; i < applications.Length; i++)
        {
            if (applications[i].AppId == appId)
            {
                var after = change(applications[i]);
                return ReferenceEquals(after, applications[i]) ? state : state with { Tenant = state.Tenant with { Applications = applications.SetItem(i, after) } };
            }
        }

        return state;
    }

    private static async Task<(TenantApplication? Application, ControlProblem? Missing)> FindApplicationAsync(string tenantId, string appId, TenantService tenants)
    {
        if (await LookupAsync(tenantId, tenants) is not { } state)
        {
            return (null, Missing(tenantId));
        }

        return state.Tenant.Applications.FirstOrDefault(a => a.AppId.Equals(appId, StringComparison.OrdinalIgnoreCase)) is { } application
            ? (application, null)
            : (null, ControlProblem.NotFound($"Tenant '{state.Tenant.Id}' has no application '{ClientText.Clip(appId)}'."));
    }
}

/// <summary><c>POST …/certificates</c>: <c>{"certificate"}</c>, PEM or base64 DER.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CertificateRequest
{
    public string? Certificate { get; init; }
}

public sealed class CertificateRequestValidator : AbstractValidator<CertificateRequest>
{
    public CertificateRequestValidator() =>
        RuleFor(r => r.Certificate).Custom((text, context) =>
        {
            if (ApplicationCertificate.Parse(text, out var problem) is null)
            {
                context.AddFailure("certificate", "'certificate' " + problem);
            }
        });
}

/// <summary>A registered certificate, with the names an assertion's header may give it.</summary>
public sealed record CertificateView(
    string Thumbprint,
    string X5t,
    [property: JsonPropertyName("x5t#S256")] string X5tS256,
    string Subject,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Certificate)
{
    public static CertificateView From(ApplicationCertificate c) => new(c.Thumbprint, c.X5t, c.X5tS256, c.Subject, c.NotBefore, c.NotAfter, c.Pem);
}

/// <summary>The two environment variables App Service sets, pointing at this emulator.</summary>
public sealed record ManagedIdentityEnvironment(
    [property: JsonPropertyName("IDENTITY_ENDPOINT")] string IdentityEndpoint,
    [property: JsonPropertyName("IDENTITY_HEADER")] string IdentityHeader);
