namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// The client assertions already used, by tenant, client and jti, each kept until it expires, so a captured
/// assertion cannot be used twice. Bounded: past <see cref="Capacity"/> live entries the soonest to expire is
/// forgotten first (an emulator serving more than that many unexpired assertions at once is not a case to design for).
/// </summary>
public sealed class AssertionReplayCache(TimeProvider time)
{
    public const int Capacity = 10_000;

    private readonly Dictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Remembers the assertion until <paramref name="until"/>; false, remembering nothing new, when it was used before.</summary>
    public bool TryUse(string key, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_used.TryGetValue(key, out var kept) && kept > now)
            {
                return false;
            }

            if (_used.Count >= Capacity)
            {
                Evict(now);
            }

            _used[key] = until;
            return true;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>Drops what has expired; when nothing has, the entry that expires soonest (one pass, 10,000 entries at most).</summary>
    private void Evict(DateTimeOffset now)
    {
        var expired = _used.Where(e => e.Value <= now).Select(e => e.Key).ToList();
        foreach (var key in expired)
        {
            _used.Remove(key);
        }

        if (expired.Count == 0)
        {
            _used.Remove(_used.MinBy(e => e.Value).Key);
        }
    }
}
