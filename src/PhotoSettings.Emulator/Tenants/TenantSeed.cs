using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>A tenants file that cannot be used: the message names the file, the entry and the problem.</summary>
public sealed class TenantsFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The state the emulator starts with (and a full reset returns to): the built-in default tenants, unless
/// switched off, then the tenants file's, which replace a default of the same id. A tenants file may
/// be a state snapshot, with settings histories, photos and clocks (read by <see cref="StateImport"/>). Read once, at start-up.
/// </summary>
public sealed class TenantSeed
{
    // The document validator and the setting kinds are asked for only when there is a file to read: building them
    // (FluentValidation's rules, the role catalogue) took 140-180 ms of a loaded JIT start that had no file to check.
    public TenantSeed(IOptions<TenantsOptions> options, IServiceProvider services)
    {
        var settings = options.Value;
        var tenants = settings.IncludeDefaults
            ? DefaultTenants.All.ToDictionary(t => t.Id, TenantState.New)
            : [];
        if (!string.IsNullOrWhiteSpace(settings.File))
        {
            var import = Load(settings.File, services.GetRequiredService<IValidator<TenantDocument>>(), services.GetRequiredService<SettingKinds>());
            foreach (var state in import.Tenants)
            {
                tenants[state.Tenant.Id] = state;
            }

            ClockOffset = import.ClockOffset;
        }

        Tenants = [.. tenants.Values];
    }

    public IReadOnlyList<TenantState> Tenants { get; }

    public TimeSpan ClockOffset { get; }

    public static StateImport Load(string path, IValidator<TenantDocument> validator, SettingKinds kinds)
    {
        var fullPath = Path.GetFullPath(path);
        StateDocument? document;
        try
        {
            using var stream = File.OpenRead(fullPath);
            document = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.StateDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TenantsFileException($"Tenants file '{fullPath}' cannot be read: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new TenantsFileException($"Tenants file '{fullPath}' is not a valid tenants document: {ex.Message}", ex);
        }

        var import = StateImport.Read(document, validator, kinds);
        return import.Problems.Count == 0
            ? import
            : throw new TenantsFileException($"Tenants file '{fullPath}' has {import.Problems.Count} problem(s):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", import.Problems.Select(p => $"{p.Path}: {p.Message}")));
    }
}
