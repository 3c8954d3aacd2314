using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The tenant states every store keeps in memory: one lock per tenant for writers (its slot), none for
/// readers. A store passes each change's write (null for memory, a queued commit for a database); the write
/// runs under the tenant's lock, in the order the tenant's changes are made, and may hand back a commit still
/// in flight. The state is published with that commit, so the tenant's next writer starts from it at once,
/// and every read hands the commit back too: the store awaits it before answering, so nobody is told of a
/// change that is not stored yet.
/// </summary>
public sealed class TenantStates : IDisposable
{
    // Held shared by tenant changes and exclusively by a replacement, so a replacement sees no change half-done.
    private readonly ReaderWriterLockSlim _replacing = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _clockGate = new();

    // A slot outlives its tenant (State null) so that a create and a delete of one id share a lock.
    // The whole map is swapped at once by a replacement, so readers see the old tenants or the new, never a mix.
    private volatile ConcurrentDictionary<Guid, Slot> _tenants = new();
    private long _globalOffsetTicks;

    // The commit of the newest replacement or clock advance: what a read of no particular tenant waits for.
    private volatile Task? _sharedInFlight;

    public TenantStates(IEnumerable<TenantState> initial, TimeSpan globalClockOffset) =>
        _tenants = Map(initial.Select(s => (s.Tenant.Id, new Slot(s))), globalClockOffset);

    /// <summary>
    /// Reads each tenant's state only when it is first asked for (a database holding a million settings
    /// versions answers its first request without reading them all).
    /// </summary>
    public TenantStates(IEnumerable<(Guid Id, Func<TenantState> Read)> tenants, TimeSpan globalClockOffset) =>
        _tenants = Map(tenants.Select(t => (t.Id, new Slot(t.Read))), globalClockOffset);

    public TimeSpan GlobalClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _globalOffsetTicks));

    /// <summary>
    /// The tenant's state and the commit it may still be waiting for: its own, and the clock's (an answer
    /// reads the tenant's time, which the emulator-wide offset moves).
    /// </summary>
    public (TenantState? State, Task? Commit) Find(Guid tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var slot))
        {
            return (null, _sharedInFlight);
        }

        // The state before its commit: a writer publishes them the other way round.
        var state = slot.State;
        return (state, Durability.Both(slot.InFlight, _sharedInFlight));
    }

    /// <summary>The emulator-wide offset and the commit it may still be waiting for.</summary>
    public (TimeSpan Offset, Task? Commit) GlobalClock()
    {
        var offset = GlobalClockOffset;
        return (offset, _sharedInFlight);
    }

    public (IReadOnlyList<TenantState> States, Task? Commit) All()
    {
        var slots = _tenants.Values.ToList();
        var states = slots.Select(s => s.State).OfType<TenantState>().OrderBy(s => s.Tenant.Id).ToList();
        return (states, Durability.All([_sharedInFlight, .. slots.Select(s => s.InFlight)]));
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the tenant's current state under its lock; when it returns another
    /// instance, <paramref name="write"/> stores the step from the old state to the new (null: deleted).
    /// </summary>
    public (TenantState? State, Task? Commit) Change(
        Guid tenantId, Func<TenantState?, TenantState?> change, Func<TenantState?, TenantState?, Task?> write)
    {
        _replacing.EnterReadLock();
        try
        {
            var tenants = _tenants;
            var slot = tenants.TryGetValue(tenantId, out var existing) ? existing : tenants.GetOrAdd(tenantId, _ => new Slot((TenantState?)null));
            lock (slot)
            {
                var current = slot.State;
                var next = change(current);
                if (!ReferenceEquals(next, current))
                {
                    // The commit is published before the state, so a reader who sees the state sees its commit.
                    slot.InFlight = write(current, next);
                    slot.State = next;
                }

                // Nothing stored still waits for what the caller saw, which may be on its way to the disk.
                return (next, Durability.Both(slot.InFlight, _sharedInFlight));
            }
        }
        finally
        {
            _replacing.ExitReadLock();
        }
    }

    /// <summary>Moves the emulator-wide offset forward; null (and nothing written) when it would pass <see cref="ClockBounds.MaxOffset"/>.</summary>
    public (TimeSpan? Offset, Task? Commit) AdvanceGlobalClock(TimeSpan by, Func<TimeSpan, Task?> write)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_clockGate)
        {
            if (ClockBounds.Advance(GlobalClockOffset, by) is not { } next)
            {
                return (null, _sharedInFlight);
            }

            _sharedInFlight = write(next);
            Interlocked.Exchange(ref _globalOffsetTicks, next.Ticks);
            return (next, _sharedInFlight);
        }
    }

    /// <summary>Replaces every tenant and the emulator-wide offset at once; every replaced tenant waits for <paramref name="write"/>'s commit.</summary>
    public Task? Replace(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset, Func<Task?> write)
    {
        _replacing.EnterWriteLock();
        try
        {
            lock (_clockGate)
            {
                var commit = write();
                _sharedInFlight = commit;
                _tenants = Map(tenants.Select(s => (s.Tenant.Id, new Slot(s) { InFlight = commit })), globalClockOffset);
                return commit;
            }
        }
        finally
        {
            _replacing.ExitWriteLock();
        }
    }

    public void Dispose() => _replacing.Dispose();

    private ConcurrentDictionary<Guid, Slot> Map(IEnumerable<(Guid Id, Slot Slot)> slots, TimeSpan globalClockOffset)
    {
        var map = new ConcurrentDictionary<Guid, Slot>();
        foreach (var (id, slot) in slots)
        {
            map[id] = slot;
        }

        Interlocked.Exchange(ref _globalOffsetTicks, globalClockOffset.Ticks);
        return map;
    }

    // Writers lock the slot itself: a Lock object per tenant would cost 40 bytes each (a tenth of a
    // settings-only tenant), and the monitor needs no memory until it is contended.
    private sealed class Slot
    {
        // Swapped whole under the slot's lock; volatile so lock-free readers see the newest reference.
        private volatile TenantState? _state;
        private volatile Task? _inFlight;

        // Reads the tenant's state on first use; null once read (or for a slot that never had one).
        private volatile Func<TenantState>? _read;

        public Slot(TenantState? state) => _state = state;

        public Slot(Func<TenantState> read) => _read = read;

        public TenantState? State
        {
            get
            {
                var state = _state;
                if (state is not null)
                {
                    return state;
                }

                // _state is written before _read is cleared: with _read gone, a second look finds what was read.
                return _read is null ? _state : Read();
            }

            set => _state = value;
        }

        /// <summary>The commit of the newest state, while a durable store may still be writing it.</summary>
        public Task? InFlight
        {
            get => _inFlight;
            set => _inFlight = value;
        }

        private TenantState? Read()
        {
            lock (this)
            {
                if (_read is { } read)
                {
                    _state = read();
                    _read = null;
                }

                return _state;
            }
        }
    }
}

/// <summary>Turns a value and the commit it waits for into the store's answer, synchronously when nothing is in flight.</summary>
public static class Durability
{
    public static ValueTask<T> After<T>(T value, Task? commit) =>
        commit is null || commit.IsCompletedSuccessfully ? new(value) : Awaited(value, commit);

    public static ValueTask After(Task? commit) =>
        commit is null || commit.IsCompletedSuccessfully ? ValueTask.CompletedTask : new(commit);

    /// <summary>One task for two commits; null when neither is still in flight.</summary>
    public static Task? Both(Task? first, Task? second) =>
        first is null || first.IsCompletedSuccessfully ? Pending(second)
        : second is null || second.IsCompletedSuccessfully || ReferenceEquals(first, second) ? first
        : Task.WhenAll(first, second);

    /// <summary>One task for several commits; null when none is still in flight.</summary>
    public static Task? All(IEnumerable<Task?> commits)
    {
        List<Task>? pending = null;
        foreach (var commit in commits)
        {
            if (commit is { IsCompletedSuccessfully: false } && !(pending?.Contains(commit) ?? false))
            {
                (pending ??= []).Add(commit);
            }
        }

        return pending switch
        {
            null => null,
            [var one] => one,
            var many => Task.WhenAll(many),
        };
    }

    private static Task? Pending(Task? commit) => commit is null || commit.IsCompletedSuccessfully ? null : commit;

    private static async ValueTask<T> Awaited<T>(T value, Task commit)
    {
        await commit.ConfigureAwait(false);
        return value;
    }
}
