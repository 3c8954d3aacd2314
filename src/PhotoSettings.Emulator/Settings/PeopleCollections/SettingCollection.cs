using System.Collections.Immutable;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A keyed collection setting's value: the tenant's items in the order they were created, immutable. An
/// <see cref="ImmutableList{T}"/> rather than an array, so the versions a history keeps share every item and tree
/// node a change left alone (a change costs O(log n) memory, not a copy of the collection).
/// </summary>
public sealed class SettingCollection<TItem> : ISettingValue<SettingCollection<TItem>>
    where TItem : class, IEquatable<TItem>
{
    public SettingCollection(ImmutableList<TItem> items) => Items = items;

    /// <summary>An empty collection: what a tenant has before an admin adds anything.</summary>
    public static SettingCollection<TItem> Default { get; } = new([]);

    public ImmutableList<TItem> Items { get; }

    public bool Equals(SettingCollection<TItem>? other) =>
        other is not null && (ReferenceEquals(Items, other.Items) || Items.SequenceEqual(other.Items));

    public override bool Equals(object? obj) => Equals(obj as SettingCollection<TItem>);

    public override int GetHashCode() => Items.Count;
}

/// <summary>A collection as a document holds it (the state document, the tenants file, a row): its items' JSON, in order.</summary>
public sealed class CollectionDocument<TItem>(IReadOnlyList<JsonElement> items)
    where TItem : class, IEquatable<TItem>
{
    public IReadOnlyList<JsonElement> Items { get; } = items;
}
