using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Control;
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
        EmulatorEndpoints.Configure(builder);

        var services = builder.Services;
        services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RoleCatalog.LoadEmbedded());

        services.AddSingleton<IValidator<TenantDocument>, TenantDocumentValidator>();
        services.AddSingleton<TenantSeed>();
        services.AddSingleton<ITenantStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmulatorOptions>>().Value;
            var seed = sp.GetRequiredService<TenantSeed>();
            return options.Storage.Provider == StorageProvider.Sqlite
                ? new Storage.SqliteTenantStore(options.Storage.Path ?? Path.Combine(options.DataDir, "photosettings.db"), seed)
                : new InMemoryTenantStore(seed.Tenants, seed.ClockOffset);
        });
        services.AddSingleton<TenantService>();

        services.AddSingleton<IValidator<SettingsRequest>, SettingsRequestValidator>();
        services.AddSingleton<IValidator<PhotoUpdateSettings>, PhotoUpdateSettingsValidator>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<EmulatorClock>();
        services.AddSingleton<PropagationPolicy>();

        services.AddSingleton<EmulatorSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AccessTokenReader>();
        services.AddSingleton<GraphAccessFilter>();
        services.AddSingleton<PermissionChecker>();
        services.AddSingleton<Photos.PhotoService>();
        services.AddSingleton<Photos.PhotoSizes>();
        services.AddSingleton<ControlKeyFilter>();
        services.AddSingleton<IValidator<TokenRequest>, TokenRequestValidator>();
        services.AddSingleton<IValidator<AdvanceRequest>, AdvanceRequestValidator>();
        services.AddSingleton<RouteCatalog>();
        services.AddSingleton<Faults.RequestJournal>();
        services.AddSingleton<Faults.FaultFilter>();
        services.AddSingleton<IValidator<Faults.FaultRuleDocument>, Faults.FaultRuleValidator>();
        services.AddSingleton(sp =>
        {
            var rules = new Faults.FaultRules();
            foreach (var rule in sp.GetRequiredService<IOptions<EmulatorOptions>>().Value.Faults)
            {
                rules.Add(rule);
            }

            return rules;
        });

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = GraphSchemaNames.For;
            o.AddSchemaTransformer<PhotoUpdateSettingsSchemaTransformer>();
        });
        services.AddOpenApi(ControlApi.DocumentName);
        return builder;
    }

    public static WebApplication UsePhotoSettingsEmulator(this WebApplication app)
    {
        // Resolving the store now loads the tenants file, so a bad one stops the start, not the first request.
        app.Services.GetRequiredService<ITenantStore>();
        var options = app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;

        if (options.Storage.Provider == StorageProvider.Sqlite)
        {
            // SQLite commits in groups: an answer is held until what it wrote or read is committed.
            app.Use(CommitAcknowledgement.HoldAnswersUntilCommitted);
        }

        app.UseMiddleware<GraphConventionsMiddleware>();

        if (options.OpenApi.Enabled)
        {
            app.MapOpenApi("/openapi/{documentName}.json");
        }

        if (options.OpenApi.SwaggerUi)
        {
            app.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint("/openapi/v1.json", "Microsoft Graph surface");
                if (options.Control.Enabled)
                {
                    ui.SwaggerEndpoint($"/openapi/{ControlApi.DocumentName}.json", "Emulator control API");
                }

                ui.RoutePrefix = "swagger";
                ui.DocumentTitle = "PhotoSettings emulator";
            });
        }

        // A probe reads; any other method is 405 like every route of ours.
        app.MapHealthChecks("/healthz").WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        app.MapPhotoUpdateSettingsApi();
        Photos.UserPhotosApi.MapUserPhotosApi(app);
        if (options.Control.Enabled)
        {
            app.MapControlApi();
        }

        app.MapEntraTokenApi();
        app.MapUnmatchedRequests();
        app.Lifetime.ApplicationStarted.Register(() => StartupTokens.Log(app.Services));
        return app;
    }
}
