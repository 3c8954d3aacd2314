using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Hosting;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>A tenants file that cannot be used: the message names the file, the entry and the problem.</summary>
public sealed class TenantsFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A state document's tenants and clock, or every problem found in it.</summary>
public sealed record StateImport(IReadOnlyList<TenantState> Tenants, TimeSpan ClockOffset, IReadOnlyList<(string Path, string Message)> Problems);

/// <summary>
/// The state the emulator starts with (and a full reset returns to): the built-in default tenants, unless
/// switched off, then the tenants file's, which replace a default of the same id. A tenants file may
/// be a state snapshot, with settings histories, photos and clocks. Read once, at start-up.
/// </summary>
public sealed class TenantSeed
{
    public TenantSeed(IOptions<EmulatorOptions> options, IValidator<TenantDocument> validator)
    {
        var settings = options.Value;
        var tenants = settings.Tenants.IncludeDefaults
            ? DefaultTenants.All.ToDictionary(t => t.Id, TenantState.New)
            : [];
        if (!string.IsNullOrWhiteSpace(settings.TenantsFile))
        {
            var import = Load(settings.TenantsFile, validator);
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

    public static StateImport Load(string path, IValidator<TenantDocument> validator)
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

        var import = Import(document, validator);
        return import.Problems.Count == 0
            ? import
            : throw new TenantsFileException($"Tenants file '{fullPath}' has {import.Problems.Count} problem(s):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", import.Problems.Select(p => $"{p.Path}: {p.Message}")));
    }

    /// <summary>Validates a whole state document; its tenants are usable only when there are no problems.</summary>
    public static StateImport Import(TenantsFileDocument? document, IValidator<TenantDocument> validator)
    {
        if (document?.Tenants is not { } entries)
        {
            return new([], TimeSpan.Zero, [("tenants", "There is no 'tenants' array; expected {\"tenants\":[{\"id\":\"…\",\"displayName\":\"…\",\"identityModel\":\"hybrid\"}]}.")]);
        }

        var problems = new List<(string, string)>();
        if (document.Version is > TenantsFileDocument.CurrentVersion)
        {
            problems.Add(("version", $"Version {document.Version} was written by a newer emulator; this one reads version {TenantsFileDocument.CurrentVersion}."));
        }

        var offset = TimeSpan.Zero;
        if (document.ClockOffset is { } text && !DurationText.TryParseBetweenZeroAnd(text, ClockBounds.MaxOffset, out offset))
        {
            problems.Add(("clockOffset", $"'{Settings.SettingsText.Clip(text)}' is not a duration from zero to {ClockBounds.MaxOffsetText} (100 years), such as PT24H."));
        }

        var states = new List<TenantState>();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var label = $"tenants[{i}]" + (entry?.Id is { } id ? $" (id '{id}'" + (entry.DisplayName is { } n ? $", '{n}')" : ")") : "");
            if (entry is null)
            {
                problems.Add((label, "is null."));
                continue;
            }

            var result = validator.Validate(entry);
            if (!result.IsValid)
            {
                problems.AddRange(result.Errors.Select(e => (label, e.ErrorMessage)));
                continue;
            }

            var state = entry.ToState();
            if (!ids.Add(state.Tenant.Id))
            {
                problems.Add((label, "another entry has the same id."));
                continue;
            }

            states.Add(state);
        }

        return new(states, offset, problems);
    }
}
