using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>Service registration and the request pipeline, so Program.cs stays a page.</summary>
public static class EmulatorHosting
{
    /// <summary>The address <c>dotnet run</c> listens on when no URL is configured the ASP.NET way.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddPhotoSettingsEmulator(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = new[] { "urls", "http_ports", "https_ports" }.Any(k => !string.IsNullOrEmpty(configuration[k]))
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RoleCatalog.LoadEmbedded());
        services.AddSingleton<ITenantStore>(_ => new InMemoryTenantStore(DefaultTenants.All.Select(TenantState.New)));
        services.AddSingleton<IValidator<SettingsRequest>, SettingsRequestValidator>();
        services.AddSingleton<IValidator<PhotoUpdateSettings>, PhotoUpdateSettingsValidator>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<RouteCatalog>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default));
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = GraphSchemaNames.For;
            o.AddSchemaTransformer<PhotoUpdateSettingsSchemaTransformer>();
        });
        return builder;
    }

    public static WebApplication UsePhotoSettingsEmulator(this WebApplication app)
    {
        app.UseMiddleware<GraphConventionsMiddleware>();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmulatorOptions>>().Value;
        if (options.OpenApi.Enabled)
        {
            app.MapOpenApi("/openapi/{documentName}.json");
        }

        if (options.OpenApi.SwaggerUi)
        {
            app.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint("/openapi/v1.json", "PhotoSettings emulator");
                ui.RoutePrefix = "swagger";
                ui.DocumentTitle = "PhotoSettings emulator";
            });
        }

        app.MapHealthChecks("/healthz");
        app.MapPhotoUpdateSettingsApi();
        app.MapUnmatchedRequests();
        return app;
    }
}
