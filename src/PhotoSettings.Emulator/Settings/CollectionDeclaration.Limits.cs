using System.Text.Json;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// What one collection may weigh. Each version in a tenant's history is the whole collection, so a timeline page and
/// a state export cost items x item size x versions kept: bounding an item, the collection and the versions pending
/// keeps one collection's history within tens of megabytes (docs/security.md, "Limits: what one request can cost").
/// </summary>
public abstract partial class CollectionDeclaration<TItem, TItemRequest>
{
    /// <summary>The most one item may weigh as JSON (a choice: a realistic item is well under 2 KiB).</summary>
    public const int MaxItemBytes = 16 * 1024;

    /// <summary>The most a whole collection may weigh as JSON (a choice: 21 labelled profile card properties are about 10 KiB).</summary>
    public const int MaxCollectionBytes = 128 * 1024;

    /// <summary>Fewer pending versions than a singleton keeps, since each is the whole collection: 100 x 128 KiB is 12.8 MB.</summary>
    public override int DefaultMaxPendingChanges => 100;

    /// <summary>Why <paramref name="written"/> beside <paramref name="others"/> would weigh more than the emulator keeps, or null.</summary>
    public string? SizeProblem(IEnumerable<TItem> others, TItem written)
    {
        var size = SizeOf(written);
        if (size > MaxItemBytes)
        {
            return $"This {TypeName[(TypeName.LastIndexOf('.') + 1)..]} would be {size} bytes as JSON; the emulator keeps items of at most {MaxItemBytes} bytes (16 KiB).";
        }

        var total = size + others.Sum(SizeOf);
        return total > MaxCollectionBytes
            ? $"This tenant's {Name} would be {total} bytes as JSON; the emulator keeps at most {MaxCollectionBytes} bytes (128 KiB) per collection. DELETE or shorten an item first."
            : null;
    }

    private int SizeOf(TItem item) => JsonSerializer.SerializeToUtf8Bytes(ItemToJson(item), EmulatorJsonContext.Default.JsonObject).Length;
}
