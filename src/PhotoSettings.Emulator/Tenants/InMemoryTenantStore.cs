using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The default store: tenant states in memory, one lock per tenant for writers (its slot), none for readers.
/// Durable stores derive from it and write through in the <c>Persist</c> hooks. <c>Persist</c> runs inside
/// the tenant's lock and may hand back a commit still in flight: the tenant's next writer then starts from
/// the new state at once, and every answer that wrote or read a state waits for that state's commit
/// (<see cref="CommitAcknowledgement"/>), so nobody is told of a change that is not stored yet.
/// </summary>
public class InMemoryTenantStore : ITenantStore, IDisposable
{
    // Held shared by tenant changes and exclusively by ReplaceAll, so a replacement sees no change half-done.
    private readonly ReaderWriterLockSlim _replacing = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _clockGate = new();

    // A slot outlives its tenant (State null) so that a create and a delete of one id share a lock.
    // The whole map is swapped at once by ReplaceAll, so readers see the old tenants or the new, never a mix.
    private volatile ConcurrentDictionary<Guid, Slot> _tenants = new();
    private long _globalOffsetTicks;

    public InMemoryTenantStore(IEnumerable<TenantState> initial, TimeSpan globalClockOffset = default)
    {
        Load(initial, globalClockOffset);
    }

    /// <summary>For derived stores that load their state themselves, then call <see cref="Load"/>.</summary>
    protected InMemoryTenantStore()
    {
    }

    public TenantState? Find(Guid tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var slot))
        {
            return null;
        }

        var state = slot.State;
        CommitAcknowledgement.After(slot.InFlight);
        return state;
    }

    public IReadOnlyList<TenantState> All()
    {
        var slots = _tenants.Values.ToList();
        var states = slots.Select(s => s.State).OfType<TenantState>().OrderBy(s => s.Tenant.Id).ToList();
        foreach (var slot in slots)
        {
            CommitAcknowledgement.After(slot.InFlight);
        }

        return states;
    }

    public TenantState? Change(Guid tenantId, Func<TenantState?, TenantState?> change)
    {
        TenantState? next;
        Task? committed;
        _replacing.EnterReadLock();
        try
        {
            var tenants = _tenants;
            var slot = tenants.TryGetValue(tenantId, out var existing) ? existing : tenants.GetOrAdd(tenantId, _ => new Slot((TenantState?)null));
            lock (slot)
            {
                var current = slot.State;
                next = change(current);
                if (!ReferenceEquals(next, current))
                {
                    // The commit is published before the state, so a reader who sees the state sees its commit.
                    slot.InFlight = Persist(tenantId, current, next);
                    slot.State = next;
                }

                // Nothing stored still waits for what the caller saw, which may be on its way to the disk.
                committed = slot.InFlight;
            }
        }
        finally
        {
            _replacing.ExitReadLock();
        }

        // Outside the tenant's lock: its next writer need not wait for this commit to start its own.
        CommitAcknowledgement.After(committed);
        return next;
    }

    public TimeSpan GlobalClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _globalOffsetTicks));

    public TimeSpan? TryAdvanceGlobalClock(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_clockGate)
        {
            if (ClockBounds.Advance(GlobalClockOffset, by) is not { } next)
            {
                return null;
            }

            PersistClock(next);
            Interlocked.Exchange(ref _globalOffsetTicks, next.Ticks);
            return next;
        }
    }

    public void ReplaceAll(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset)
    {
        _replacing.EnterWriteLock();
        try
        {
            lock (_clockGate)
            {
                PersistAll(tenants, globalClockOffset);
                Load(tenants, globalClockOffset);
            }
        }
        finally
        {
            _replacing.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected void Load(IEnumerable<TenantState> tenants, TimeSpan globalClockOffset)
    {
        var map = new ConcurrentDictionary<Guid, Slot>();
        foreach (var state in tenants)
        {
            map[state.Tenant.Id] = new Slot(state);
        }

        _tenants = map;
        Interlocked.Exchange(ref _globalOffsetTicks, globalClockOffset.Ticks);
    }

    /// <summary>
    /// For derived stores that read a tenant's state only when it is first asked for (a database holding
    /// a million settings versions answers its first request without reading them all).
    /// </summary>
    protected void LoadLazily(IEnumerable<(Guid Id, Func<TenantState> Read)> tenants, TimeSpan globalClockOffset)
    {
        var map = new ConcurrentDictionary<Guid, Slot>();
        foreach (var (id, read) in tenants)
        {
            map[id] = new Slot(read);
        }

        _tenants = map;
        Interlocked.Exchange(ref _globalOffsetTicks, globalClockOffset.Ticks);
    }

    /// <summary>
    /// Stores one tenant's change (<paramref name="after"/> null: deleted), under the tenant's lock, in the
    /// order the tenant's changes are made; <paramref name="before"/> is what the previous call stored.
    /// Returns null when it is stored, or a task that completes once it is (a faulted task fails the
    /// answers that wrote or read the change).
    /// </summary>
    protected virtual Task? Persist(Guid tenantId, TenantState? before, TenantState? after) => null;

    protected virtual void PersistClock(TimeSpan globalClockOffset)
    {
    }

    /// <summary>Stores a complete replacement, atomically, before it becomes visible.</summary>
    protected virtual void PersistAll(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset)
    {
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _replacing.Dispose();
        }
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
