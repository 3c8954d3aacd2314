using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>The settings' service registration: the engine's shared parts once, then each setting's declaration.</summary>
public static class SettingsServices
{
    /// <summary>Every setting of /admin/people: photoUpdateSettings, then the singletons the shared mapper serves.</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddPhotoUpdateSettings();
        services.AddSingleton<IValidator<SettingBody>, SettingBodyValidator>();
        services.AddSingletonSetting<PronounsSettings, PronounsDeclaration>();
        services.AddSingletonSetting<NamePronunciationSettings, NamePronunciationDeclaration>();
        services.AddSingletonSetting<InsightsSettings, ItemInsightsDeclaration>();
        services.AddCollectionSetting<ProfileCardProperty, ProfileCardPropertyRequest, ProfileCardPropertiesDeclaration, ProfileCardPropertyRequestValidator>();
        services.AddCollectionSetting<ProfilePropertySetting, ProfilePropertySettingRequest, ProfilePropertySettingsDeclaration, ProfilePropertySettingRequestValidator>();
        services.AddCollectionSetting<ProfileSource, ProfileSourceRequest, ProfileSourcesDeclaration, ProfileSourceRequestValidator>();
        return services;
    }

    /// <summary>
    /// A keyed collection: on the engine with the whole collection as its value; its item's validator; a document's
    /// items judged as POSTs of them would be (<see cref="CollectionDocumentValidator{TItem, TItemRequest}"/>), no rule
    /// on the merged value beyond that.
    /// </summary>
    public static IServiceCollection AddCollectionSetting<TItem, TItemRequest, TDeclaration, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TItemValidator>(
        this IServiceCollection services)
        where TItem : class, IEquatable<TItem>
        where TItemRequest : class
        where TDeclaration : CollectionDeclaration<TItem, TItemRequest>, new()
        where TItemValidator : class, IValidator<TItemRequest>
    {
        services.AddSetting<SettingCollection<TItem>, CollectionDocument<TItem>, TDeclaration>();
        services.AddSingleton<IValidator<TItemRequest>, TItemValidator>();
        services.AddSingleton<IValidator<CollectionDocument<TItem>>>(provider =>
            new CollectionDocumentValidator<TItem, TItemRequest>(provider.GetRequiredService<TDeclaration>(), provider.GetRequiredService<IValidator<TItemRequest>>()));
        services.AddSingleton<IValidator<SettingCollection<TItem>>, NoSettingRules<SettingCollection<TItem>>>();
        return services;
    }

    /// <summary>A singleton of plain properties: on the engine, its value without tenant rules, its routes from its declaration.</summary>
    public static IServiceCollection AddSingletonSetting<TSettings, TDeclaration>(this IServiceCollection services)
        where TSettings : class, ISettingValue<TSettings>
        where TDeclaration : SingletonDeclaration<TSettings>, new()
    {
        services.AddSetting<TSettings, SettingBody, TDeclaration>();
        services.AddSingleton<IValidator<TSettings>, NoSettingRules<TSettings>>();
        return services;
    }

    /// <summary>The settings engine and photoUpdateSettings, its first setting (validators, rules, OpenAPI names).</summary>
    public static IServiceCollection AddPhotoUpdateSettings(this IServiceCollection services)
    {
        services.AddSetting<PhotoUpdateSettings, SettingsRequest, PhotoUpdateSettingsDeclaration>();
        services.AddSingleton<IValidator<SettingsRequest>, SettingsRequestValidator>();
        services.AddSingleton<IValidator<PhotoUpdateSettings>, PhotoUpdateSettingsValidator>();

        // The settings' own rules where Tenants needs them: an imported history, and a tenant's new directory.
        services.AddSingleton<IValidator<SettingsHistoryDocument>, SettingsHistoryDocumentValidator>();
        services.AddSingleton<IDirectoryRule, PhotoUpdateSettingsDirectoryRule>();
        services.Configure<OpenApiOptions>(OpenApiDocuments.Graph, options =>
        {
            GraphSchemaNames.Add(options, PhotoUpdateSettingsSchemaNames.For);
            options.AddSchemaTransformer<PhotoUpdateSettingsSchemaTransformer>();
        });
        return services;
    }

    /// <summary>
    /// One setting on the engine: its declaration (as itself, for its API, and as the engine's), its propagation
    /// options (named for it, bound to its section, checked at start-up), its engine, and its kind (how the state
    /// document, the rows and the timeline read and write its values). The caller registers the
    /// setting's two validators beside it, explicitly (no assembly scanning).
    /// </summary>
    public static IServiceCollection AddSetting<TSettings, TRequest, TDeclaration>(this IServiceCollection services)
        where TSettings : class, ISettingValue<TSettings>
        where TDeclaration : SettingDeclaration<TSettings, TRequest>, new()
    {
        var declaration = new TDeclaration();
        services.AddSingleton(declaration);
        services.AddSingleton<SettingDeclaration<TSettings, TRequest>>(declaration);
        services.AddClosedOptions<PropagationOptions>(declaration.Name)
            .Configure(options => (options.Delay, options.MaxPendingChanges) = (declaration.DefaultDelay, declaration.DefaultMaxPendingChanges))
            .BindConfiguration(declaration.PropagationSection)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PropagationOptions>>(new PropagationOptionsValidator(declaration.Name, declaration.PropagationSection));
        services.AddSingleton<SettingEngine<TSettings, TRequest>>();
        services.AddSingleton<ISettingKind, SettingKind<TSettings, TRequest>>();
        if (declaration is ISettingRoutes routes)
        {
            services.AddSingleton(routes);
        }

        return services;
    }
}
