using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Options registered with their closed service types. <c>AddOptions&lt;T&gt;()</c> registers the open generics
/// (<c>IOptions&lt;&gt;</c>, <c>IOptionsMonitor&lt;&gt;</c>, <c>IOptionsFactory&lt;&gt;</c>, ...), which the container closes
/// over each options class when it is first resolved, at start-up (options are validated then). In the native-AOT
/// image every such type is built at run time by the runtime's type loader (a quarter of the AOT start's CPU);
/// naming the closed types lets the compiler build them ahead of time. Behaviour is the framework's: the same
/// classes and lifetimes, and <c>TryAdd</c>, so a registration made earlier wins.
/// </summary>
public static class ClosedOptions
{
    public static OptionsBuilder<T> AddClosedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        this IServiceCollection services, string? name = null)
        where T : class
    {
        services.CloseOptions<T>();
        return services.AddOptions<T>(name ?? Options.DefaultName);
    }

    /// <summary>The closed option services alone, for a framework's options class it registers itself.</summary>
    public static IServiceCollection CloseOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        this IServiceCollection services)
        where T : class
    {
        services.TryAddSingleton<IOptions<T>, OptionsManager<T>>();
        services.TryAddScoped<IOptionsSnapshot<T>, OptionsManager<T>>();
        services.TryAddSingleton<IOptionsMonitor<T>, OptionsMonitor<T>>();
        services.TryAddSingleton<IOptionsMonitorCache<T>, OptionsCache<T>>();
        services.TryAddTransient<IOptionsFactory<T>, OptionsFactory<T>>();
        return services;
    }
}
