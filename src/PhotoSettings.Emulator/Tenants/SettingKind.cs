using System.Text.Json;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>One stored version of a setting whose type the reader does not know (rows, the state document, the timeline).</summary>
public readonly record struct StoredVersion(object Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt, long Sequence);

/// <summary>
/// A setting's history seen without its value type: what the store's rows, the state document and the generic
/// timeline need of every setting alike. <see cref="SettingHistory{TSettings}"/> is the one implementation.
/// </summary>
public interface ISettingHistory
{
    int Count { get; }

    long Superseded { get; }

    long LastSequence { get; }

    long? InEffectSequence { get; }

    long FirstPendingSequence { get; }

    /// <summary>Every stored version, oldest first.</summary>
    IEnumerable<StoredVersion> Stored { get; }

    /// <summary>The stored versions above <paramref name="sequence"/>, oldest first (what a write added).</summary>
    IEnumerable<StoredVersion> StoredAfter(long sequence);

    object ConfiguredValue { get; }

    object EffectiveValueAt(DateTimeOffset at);

    DateTimeOffset? EffectiveSince(DateTimeOffset at);

    int PendingCount(DateTimeOffset at);

    IEnumerable<StoredVersion> PendingAt(DateTimeOffset at, int skip, int take);
}

/// <summary>
/// What the engine's shared parts need of one declared setting without knowing its type: its name, its value as
/// JSON and back (through the setting's own reader and validators), and a history made of stored versions. The
/// settings feature implements it once for every declaration (Settings' <c>SettingKind</c>); Tenants and Storage
/// reach every setting through <see cref="SettingKinds"/>.
/// </summary>
public interface ISettingKind
{
    /// <summary>Graph's name of the setting (<c>pronouns</c>): its key in the tenant's state, the state document and the rows.</summary>
    string Name { get; }

    /// <summary>Every Graph path that serves it, one per version: what the console and the control API list.</summary>
    IReadOnlyList<string> GraphPaths { get; }

    /// <summary>The value as the state document, the rows and the timeline carry it.</summary>
    JsonElement ToJson(object settings);

    /// <summary>A value from a document, judged by the setting's validators against <paramref name="tenant"/>: the value, or every problem.</summary>
    (object? Settings, IReadOnlyList<(string Path, string Message)> Problems) Read(JsonElement json, TenantState tenant);

    /// <summary>A value the emulator stored itself (a row): read without judging it again.</summary>
    object ReadStored(JsonElement json);

    ISettingHistory HistoryFrom(IEnumerable<StoredVersion> versions, long superseded);
}

/// <summary>Every declared setting, by name: registered once by Tenants, filled by each setting's registration.</summary>
public sealed class SettingKinds(IEnumerable<ISettingKind> kinds)
{
    private readonly Dictionary<string, ISettingKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>None: what a store or a document reader sees where no setting is declared (unit tests).</summary>
    public static SettingKinds None { get; } = new([]);

    public IEnumerable<ISettingKind> All => _byName.Values;

    public ISettingKind? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A name as a client wrote it (any case) to the declared name.</summary>
    public ISettingKind? FindIgnoringCase(string name) =>
        _byName.Values.FirstOrDefault(k => k.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
