using System.Collections.Frozen;
using System.Text.Json;

namespace PhotoSettings.Emulator.Roles;

/// <summary>
/// Every Entra built-in role template id, from the catalogue shipped inside the assembly
/// (Microsoft's permissions reference). Loaded once at start-up.
/// </summary>
public sealed class RoleCatalog
{
    public const string PeopleAdministrator = "024906de-61e5-49c8-8572-40335f1e0e10";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    public const string GlobalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

    private readonly FrozenDictionary<Guid, string> _displayNames;

    private RoleCatalog(FrozenDictionary<Guid, string> displayNames) => _displayNames = displayNames;

    public int Count => _displayNames.Count;

    public bool IsBuiltIn(Guid templateId) => _displayNames.ContainsKey(templateId);

    public string? DisplayName(Guid templateId) => _displayNames.GetValueOrDefault(templateId);

    public static RoleCatalog LoadEmbedded()
    {
        using var stream = typeof(RoleCatalog).Assembly.GetManifestResourceStream("PhotoSettings.Emulator.entra-builtin-roles.json")
            ?? throw new InvalidOperationException("The embedded Entra role catalogue is missing from the assembly.");
        var document = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.RoleCatalogDocument)
            ?? throw new InvalidOperationException("The embedded Entra role catalogue is empty.");
        return new RoleCatalog(document.Roles.ToFrozenDictionary(r => Guid.Parse(r.TemplateId), r => r.DisplayName));
    }
}

public sealed record RoleCatalogDocument(string Source, IReadOnlyList<RoleCatalogEntry> Roles);

public sealed record RoleCatalogEntry(string DisplayName, string TemplateId);
