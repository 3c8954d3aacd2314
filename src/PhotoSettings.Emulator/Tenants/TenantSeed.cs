using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Hosting;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>A tenants file that cannot be used: the message names the file, the entry and the problem.</summary>
public sealed class TenantsFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The tenants an emulator starts with (and a full reset returns to): the built-in defaults, unless
/// switched off, then the tenants file's, which replace a default of the same id. Read once, at start-up.
/// </summary>
public sealed class TenantSeed
{
    public TenantSeed(IOptions<EmulatorOptions> options, IValidator<TenantDocument> validator)
    {
        var settings = options.Value;
        var tenants = settings.Tenants.IncludeDefaults
            ? DefaultTenants.All.ToDictionary(t => t.Id)
            : [];
        if (!string.IsNullOrWhiteSpace(settings.TenantsFile))
        {
            foreach (var tenant in Load(settings.TenantsFile, validator))
            {
                tenants[tenant.Id] = tenant;
            }
        }

        Tenants = [.. tenants.Values];
    }

    public IReadOnlyList<Tenant> Tenants { get; }

    public static IReadOnlyList<Tenant> Load(string path, IValidator<TenantDocument> validator)
    {
        var fullPath = Path.GetFullPath(path);
        TenantsFileDocument? document;
        try
        {
            using var stream = File.OpenRead(fullPath);
            document = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.TenantsFileDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TenantsFileException($"Tenants file '{fullPath}' cannot be read: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new TenantsFileException($"Tenants file '{fullPath}' is not a valid tenants document: {ex.Message}", ex);
        }

        if (document?.Tenants is not { } entries)
        {
            throw new TenantsFileException($"Tenants file '{fullPath}' has no 'tenants' array; expected {{\"tenants\":[{{\"id\":\"…\",\"displayName\":\"…\",\"identityModel\":\"hybrid\"}}]}}.");
        }

        var problems = new List<string>();
        var tenants = new List<Tenant>();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var label = $"tenants[{i}]" + (entry?.Id is { } id ? $" (id '{id}'" + (entry.DisplayName is { } n ? $", '{n}')" : ")") : "");
            if (entry is null)
            {
                problems.Add($"{label}: is null.");
                continue;
            }

            var result = validator.Validate(entry);
            if (!result.IsValid)
            {
                problems.AddRange(result.Errors.Select(e => $"{label}: {e.ErrorMessage}"));
                continue;
            }

            var tenant = entry.ToTenant();
            if (!ids.Add(tenant.Id))
            {
                problems.Add($"{label}: another entry has the same id.");
                continue;
            }

            tenants.Add(tenant);
        }

        return problems.Count == 0
            ? tenants
            : throw new TenantsFileException($"Tenants file '{fullPath}' has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }
}
