using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Photos;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

public enum StorageProvider
{
    /// <summary>State lives in memory and is gone when the process stops.</summary>
    InMemory,

    /// <summary>State is written through to a SQLite database and survives restarts and crashes.</summary>
    Sqlite,
}

/// <summary><c>Emulator:Storage</c>, and where the emulator keeps files (<c>Emulator:DataDir</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Emulator:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    /// <summary>The SQLite database; <c>&lt;DataDir&gt;/photosettings.db</c> when not set.</summary>
    public string? Path { get; set; }

    /// <summary>Where the emulator keeps files (its HTTPS certificate, its database); relative to the working directory.</summary>
    public string DataDir { get; set; } = "data";
}

public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        Enum.IsDefined(options.Provider)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Emulator:Storage:Provider '{options.Provider}' is not InMemory or Sqlite.");
}

public static class StorageServices
{
    /// <summary>The tenant store the configuration chooses, seeded with the start-up tenants.</summary>
    public static IServiceCollection AddTenantStore(this IServiceCollection services)
    {
        services.AddClosedOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration["Emulator:DataDir"] is { Length: > 0 } dataDir)
                {
                    options.DataDir = dataDir;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<ITenantStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var seed = sp.GetRequiredService<TenantSeed>();
            return options.Provider == StorageProvider.Sqlite
                ? new SqliteTenantStore(options.Path ?? System.IO.Path.Combine(options.DataDir, "photosettings.db"), seed, sp.GetRequiredService<SettingKinds>())
                : new InMemoryTenantStore(seed.Tenants, seed.ClockOffset);
        });
        services.AddSingleton<IPhotoSizeStore>(sp =>
            sp.GetRequiredService<ITenantStore>() is SqliteTenantStore sqlite ? sqlite.PhotoSizes : new UnkeptPhotoSizes());
        return services;
    }
}
