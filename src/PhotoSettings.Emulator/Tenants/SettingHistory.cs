namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// A tenant setting's value type (photoUpdateSettings, and the singletons to come): immutable, compared by value,
/// with the default a tenant has before anyone configures it. The engine's history needs nothing more of it.
/// </summary>
public interface ISettingValue<TSelf> : IEquatable<TSelf>
    where TSelf : class, ISettingValue<TSelf>
{
    /// <summary>What a tenant has before anyone configures it, and after a DELETE.</summary>
    static abstract TSelf Default { get; }
}

/// <summary>One accepted change of a setting: what, when it was asked for, when it takes effect.</summary>
public sealed record SettingVersion<TSettings>(TSettings Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt)
    where TSettings : class, ISettingValue<TSettings>
{
    /// <summary>The tenant's change number that made it (its row key in a database); increases along a history.</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// A tenant's accepted changes of one setting as an immutable, indexed log: the newest version known to be in
/// effect at the last write, then the changes still pending then, oldest first, their
/// <c>EffectiveAt</c> never decreasing. Every operation costs O(log n) or amortised O(1) in the number
/// of pending changes: lookups are binary searches, an append writes one slot, dropping matured or
/// superseded changes moves a start index.
/// </summary>
/// <remarks>
/// The pending changes live in an array shared by successive snapshots. A snapshot owns the slots
/// [start, end); an append claims slot <c>end</c> once (a compare-and-swap on the array's high-water
/// mark), so a snapshot extended twice copies instead of overwriting what another snapshot can see,
/// and a lock-free reader holding an older snapshot never sees a slot change. A full array is copied
/// to one twice the size of what is live, so copies cost O(1) per append, amortised.
/// </remarks>
public sealed class SettingHistory<TSettings> : ISettingHistory
    where TSettings : class, ISettingValue<TSettings>
{
    public static SettingHistory<TSettings> Empty { get; } = new(null, Log.Empty, 0, 0, 0);

    private readonly SettingVersion<TSettings>? _inEffect;
    private readonly Log _log;
    private readonly int _start;
    private readonly int _end;

    private SettingHistory(SettingVersion<TSettings>? inEffect, Log log, int start, int end, long superseded)
    {
        _inEffect = inEffect;
        _log = log;
        _start = start;
        _end = end;
        Superseded = superseded;
    }

    /// <summary>How many stored versions: the one in effect at the last write, if any, and the rest.</summary>
    public int Count => (_inEffect is null ? 0 : 1) + _end - _start;

    /// <summary>How many pending changes were dropped because a newer one arrived with the tenant at its cap.</summary>
    public long Superseded { get; }

    /// <summary>What the admin configured last: what Graph's GET answers at once.</summary>
    public TSettings Configured =>
        _end > _start ? _log.Items[_end - 1].Settings : _inEffect?.Settings ?? TSettings.Default;

    /// <summary>Every stored version, oldest first (what a state snapshot holds).</summary>
    public IEnumerable<SettingVersion<TSettings>> Versions
    {
        get
        {
            if (_inEffect is not null)
            {
                yield return _inEffect;
            }

            for (var i = _start; i < _end; i++)
            {
                yield return _log.Items[i].ToVersion();
            }
        }
    }

    /// <summary>The sequence number of the newest stored version; 0 when there is none.</summary>
    public long LastSequence => _end > _start ? _log.Items[_end - 1].Sequence : _inEffect?.Sequence ?? 0;

    /// <summary>The sequence number of the version in effect at the last write, if one is stored.</summary>
    public long? InEffectSequence => _inEffect?.Sequence;

    /// <summary>The sequence number of the oldest pending version; <see cref="LastSequence"/> + 1 when none is stored.</summary>
    public long FirstPendingSequence => _end > _start ? _log.Items[_start].Sequence : LastSequence + 1;

    /// <summary>The stored versions whose sequence number is above <paramref name="sequence"/>, oldest first (what a write added).</summary>
    public IEnumerable<SettingVersion<TSettings>> After(long sequence)
    {
        if (_inEffect is { } first && first.Sequence > sequence)
        {
            yield return first;
        }

        int lo = _start, hi = _end;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_log.Items[mid].Sequence <= sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < _end; i++)
        {
            yield return _log.Items[i].ToVersion();
        }
    }

    /// <summary>A history of already ordered versions (a state import or a database), none superseded yet.</summary>
    public static SettingHistory<TSettings> From(IEnumerable<SettingVersion<TSettings>> versions, long superseded = 0)
    {
        Entry[] items = [.. versions.Select(v => new Entry(v.Settings, v.RequestedAt, v.EffectiveAt, v.Sequence))];
        return items.Length == 0 && superseded == 0 ? Empty : new(null, new Log(items, items.Length), 0, items.Length, superseded);
    }

    /// <summary>The newest version in effect at <paramref name="at"/>, if any.</summary>
    public SettingVersion<TSettings>? EffectiveVersion(DateTimeOffset at)
    {
        var i = LastAtOrBefore(at);
        return i >= _start ? _log.Items[i].ToVersion() : _inEffect is { } v && v.EffectiveAt <= at ? v : null;
    }

    /// <summary>The settings Microsoft 365 applies at <paramref name="at"/>: the default before any change matured.</summary>
    public TSettings EffectiveAt(DateTimeOffset at)
    {
        var i = LastAtOrBefore(at);
        return i >= _start ? _log.Items[i].Settings
            : _inEffect is { } v && v.EffectiveAt <= at ? v.Settings : TSettings.Default;
    }

    /// <summary>How many changes are still pending at <paramref name="at"/>.</summary>
    public int PendingCount(DateTimeOffset at) => _end - (LastAtOrBefore(at) + 1);

    /// <summary>The pending changes at <paramref name="at"/>, oldest first, from the <paramref name="skip"/>th, at most <paramref name="take"/>.</summary>
    public IReadOnlyList<SettingVersion<TSettings>> Pending(DateTimeOffset at, int skip = 0, int take = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var first = LastAtOrBefore(at) + 1;
        var from = (int)Math.Min((long)first + skip, _end);
        var count = (int)Math.Min(take, _end - from);
        var page = new SettingVersion<TSettings>[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = _log.Items[from + i].ToVersion();
        }

        return page;
    }

    /// <summary>
    /// Records a change requested at <paramref name="now"/> that takes <paramref name="delay"/> to
    /// propagate. Changes mature in the order they were made: a change never takes effect before an
    /// earlier one. Versions matured by <paramref name="now"/> but the newest are dropped; a change
    /// equal to the newest pending one adds nothing (it would take effect later with the same settings,
    /// which nobody can observe); and beyond <paramref name="maxPending"/> pending changes the oldest
    /// pending ones are superseded: they never take effect on their own.
    /// </summary>
    public SettingHistory<TSettings> WithChange(TSettings settings, DateTimeOffset now, TimeSpan delay, int maxPending = int.MaxValue, long sequence = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        var items = _log.Items;
        var effectiveAt = now + delay;
        if (_end > _start && items[_end - 1].EffectiveAt > effectiveAt)
        {
            effectiveAt = items[_end - 1].EffectiveAt;
        }
        else if (_end == _start && _inEffect is { } only && only.EffectiveAt > effectiveAt)
        {
            effectiveAt = only.EffectiveAt;
        }

        // Only the newest matured version still matters; older ones can never be effective again.
        var inEffect = _inEffect;
        var start = _start;
        var matured = LastAtOrBefore(now);
        if (matured >= _start)
        {
            inEffect = items[matured].ToVersion();
            start = matured + 1;
        }

        if (_end > start && items[_end - 1].Settings.Equals(settings))
        {
            return start == _start ? this : new(inEffect, _log, start, _end, Superseded);
        }

        var entry = new Entry(Shared(settings, inEffect, start), now, effectiveAt, sequence == 0 ? LastSequence + 1 : sequence);
        var log = _log;
        var end = _end;
        if (!log.TryClaim(end))
        {
            var live = end - start;
            var copy = new Entry[Math.Max(2, 2 * (live + 1))];
            Array.Copy(items, start, copy, 0, live);
            log = new Log(copy, live + 1);
            start = 0;
            end = live;
        }

        log.Items[end++] = entry;
        var superseded = Superseded;
        if (end - start > maxPending)
        {
            // Everything left of the new change is pending (matured ones moved to inEffect above).
            var over = end - start - maxPending;
            start += over;
            superseded += over;
        }

        return new(inEffect, log, start, end, superseded);
    }

    IEnumerable<StoredVersion> ISettingHistory.Stored => Versions.Select(Untyped);

    IEnumerable<StoredVersion> ISettingHistory.StoredAfter(long sequence) => After(sequence).Select(Untyped);

    object ISettingHistory.ConfiguredValue => Configured;

    object ISettingHistory.EffectiveValueAt(DateTimeOffset at) => EffectiveAt(at);

    DateTimeOffset? ISettingHistory.EffectiveSince(DateTimeOffset at) => EffectiveVersion(at)?.EffectiveAt;

    IEnumerable<StoredVersion> ISettingHistory.PendingAt(DateTimeOffset at, int skip, int take) => Pending(at, skip, take).Select(Untyped);

    private static StoredVersion Untyped(SettingVersion<TSettings> v) => new(v.Settings, v.RequestedAt, v.EffectiveAt, v.Sequence);

    /// <summary>The instance of an equal recent setting, so that alternating changes share two objects rather than holding one each.</summary>
    private TSettings Shared(TSettings settings, SettingVersion<TSettings>? inEffect, int start)
    {
        for (var i = _end - 1; i >= Math.Max(start, _end - 2); i--)
        {
            if (_log.Items[i].Settings.Equals(settings))
            {
                return _log.Items[i].Settings;
            }
        }

        return inEffect is not null && inEffect.Settings.Equals(settings) ? inEffect.Settings : settings;
    }

    /// <summary>The index of the newest pending-list entry with <c>EffectiveAt</c> at or before <paramref name="at"/>; <c>_start - 1</c> when none.</summary>
    private int LastAtOrBefore(DateTimeOffset at)
    {
        var items = _log.Items;
        int lo = _start, hi = _end;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (items[mid].EffectiveAt <= at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    private readonly record struct Entry(TSettings Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt, long Sequence)
    {
        public SettingVersion<TSettings> ToVersion() => new(Settings, RequestedAt, EffectiveAt) { Sequence = Sequence };
    }

    /// <summary>The shared array and how far any snapshot has claimed it.</summary>
    private sealed class Log(Entry[] items, int used)
    {
        public static readonly Log Empty = new([], 0);

        private int _used = used;

        public Entry[] Items { get; } = items;

        /// <summary>Claims slot <paramref name="end"/> for the one snapshot that ends there, if nobody has and the array has room.</summary>
        public bool TryClaim(int end) => end < Items.Length && Interlocked.CompareExchange(ref _used, end + 1, end) == end;
    }
}
