using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The default store: tenant states in memory, one lock per tenant for writers (its slot), none for readers.
/// Durable stores derive from it and write through in the <c>Persist</c> hooks, which run inside the
/// same locks, before a change becomes visible: a change is acknowledged only once it is stored.
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

    public TenantState? Find(Guid tenantId) => _tenants.TryGetValue(tenantId, out var slot) ? slot.State : null;

    public IReadOnlyList<TenantState> All() =>
        [.. _tenants.Values.Select(s => s.State).OfType<TenantState>().OrderBy(s => s.Tenant.Id)];

    public TenantState? Change(Guid tenantId, Func<TenantState?, TenantState?> change)
    {
        _replacing.EnterReadLock();
        try
        {
            var tenants = _tenants;
            var slot = tenants.TryGetValue(tenantId, out var existing) ? existing : tenants.GetOrAdd(tenantId, _ => new Slot(null));
            lock (slot)
            {
                var current = slot.State;
                var next = change(current);
                if (!ReferenceEquals(next, current))
                {
                    Persist(tenantId, current, next);
                    slot.State = next;
                }

                return next;
            }
        }
        finally
        {
            _replacing.ExitReadLock();
        }
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

    /// <summary>Stores one tenant's change (<paramref name="after"/> null: deleted) before it becomes visible.</summary>
    protected virtual void Persist(Guid tenantId, TenantState? before, TenantState? after)
    {
    }

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
    private sealed class Slot(TenantState? state)
    {
        // Swapped whole under the slot's lock; volatile so lock-free readers see the newest reference.
        private volatile TenantState? _state = state;

        public TenantState? State
        {
            get => _state;
            set => _state = value;
        }
    }
}
