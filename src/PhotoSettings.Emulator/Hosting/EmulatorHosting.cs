using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Control;
using PhotoSettings.Emulator.Faults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Journal;
using PhotoSettings.Emulator.Photos;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Storage;
using PhotoSettings.Emulator.Tenants;
using PhotoSettings.Emulator.WebConsole;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Service registration and the request pipeline, so Program.cs stays a page. Hosting is the top layer: it
/// composes the features, each of which registers its own options, validators and services in its <c>AddXxx()</c>
/// (see docs/architecture.md).
/// </summary>
public static class EmulatorHosting
{
    /// <summary>The address <c>dotnet run</c> listens on when no URL is configured the ASP.NET way.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddPhotoSettingsEmulator(this WebApplicationBuilder builder)
    {
        KestrelListenAddresses.Configure(builder);
        builder.AddEmulatorLogging();
        builder.AddConsole();

        var services = builder.Services;
        // The framework's options the emulator resolves at start, closed ahead of time as its own are (ClosedOptions).
        services.CloseOptions<HostOptions>().CloseOptions<Microsoft.AspNetCore.Routing.RouteOptions>().CloseOptions<RouteHandlerOptions>()
            .CloseOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().CloseOptions<Microsoft.AspNetCore.Http.Features.FormOptions>()
            .CloseOptions<Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions>()
            .CloseOptions<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>().CloseOptions<Microsoft.AspNetCore.OpenApi.OpenApiOptions>()
            .CloseOptions<Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIOptions>().CloseOptions<Microsoft.Extensions.Validation.ValidationOptions>();
        services.AddClosedOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RoleCatalog.LoadEmbedded());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.AddHostedService<StartupLog>();

        services.AddGraphConventions();
        services.AddRequestJournal();
        services.AddTenants();
        services.AddTenantStore();
        services.AddSettings();
        services.AddUserPhotos();
        services.AddEntraAuth();
        services.AddFaults();
        services.AddControlApi();
        // The guard answers before any endpoint, so every operation of every document declares its refusals.
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o => o.AddOperationTransformer<RequestOriginGuardOpenApi>());
        return builder;
    }

    public static WebApplication UsePhotoSettingsEmulator(this WebApplication app)
    {
        // Every feature's options are checked now, and resolving the store loads the tenants file, so a bad
        // configuration stops the start, naming every problem, not the first request.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.Services.GetRequiredService<ITenantStore>();
        var options = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        var control = app.Services.GetRequiredService<IOptions<ControlOptions>>().Value;

        app.UseMiddleware<RequestJournalMiddleware>();
        app.UseMiddleware<GraphConventionsMiddleware>();
        // First after the request ids: a foreign Host or another site's write reaches no handler (docs/security.md).
        app.UseMiddleware<RequestOriginGuard>();
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseProxiedHosts();
        }

        if (options.OpenApi.Enabled)
        {
            app.MapOpenApi("/openapi/{documentName}.json");
        }

        if (options.OpenApi.SwaggerUi)
        {
            // Only requests under /swagger reach Swagger UI's middleware, which otherwise ran two regular expressions
            // over every Graph request's path; and it is built on the first of them, not at start-up (LazyBranch).
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), swagger => swagger.UseOnFirstRequest(branch => branch.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint($"/openapi/{OpenApiDocuments.Graph}.json", "Microsoft Graph surface");
                if (control.Enabled)
                {
                    ui.SwaggerEndpoint($"/openapi/{OpenApiDocuments.Emulator}.json", "Emulator control API");
                }

                ui.RoutePrefix = "swagger";
                // Authorize runs the client-credentials flow against the emulator's own token endpoint, already filled in
                // with the built-in application's documented well-known secret.
                ui.OAuthClientId(DefaultTenants.AppId(DefaultTenants.CloudOnlyId));
                ui.OAuthClientSecret(DefaultTenants.AppSecret);
                ui.OAuthScopes(GraphSecuritySchemes.GraphDefaultScope);
                ui.DocumentTitle = "PhotoSettings emulator";
            })));
        }

        // A probe reads; any other method is 405 like every route of ours.
        app.MapHealthChecks("/healthz").WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));

        // The Graph surface: every resource behind the caller's token (Auth) and the fault rules (Faults), in that order.
        var graph = app.MapGroup("").AddEndpointFilter<GraphAccessFilter>().AddEndpointFilter<FaultFilter>();
        graph.MapSettingsApi();
        graph.MapUserPhotosApi();
        if (control.Enabled)
        {
            app.MapControlApi();
        }

        app.MapConsoleApi(control.Enabled);

        app.MapEntraTokenApi();
        if (app.Services.GetRequiredService<IOptions<ManagedIdentityOptions>>().Value.Enabled)
        {
            app.MapManagedIdentityApi();
        }

        app.MapInstanceDiscovery();
        app.MapUnmatchedRequests();
        return app;
    }
}
