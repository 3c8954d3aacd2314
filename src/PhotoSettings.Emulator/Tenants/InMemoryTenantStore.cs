using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The default store: tenant states in memory, one lock per tenant for writers (its slot), none for readers.
/// Durable stores derive from it and write through in the <c>Persist</c> hooks. <c>Persist</c> runs inside
/// the tenant's lock and may hand back a commit still in flight: the tenant's next writer then starts from
/// the new state at once, while readers keep seeing the last committed one until the commit lands, and the
/// writer is answered only after it: a change is visible and acknowledged only once it is stored.
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
        TenantState? next;
        Task? committed;
        _replacing.EnterReadLock();
        try
        {
            var tenants = _tenants;
            var slot = tenants.TryGetValue(tenantId, out var existing) ? existing : tenants.GetOrAdd(tenantId, _ => new Slot(null));
            lock (slot)
            {
                var current = slot.Latest;
                next = change(current);
                if (ReferenceEquals(next, current))
                {
                    // Nothing to store, but what the caller saw may still be on its way to the disk.
                    committed = slot.InFlight;
                }
                else
                {
                    var stored = next;
                    committed = Persist(tenantId, current, next, () => slot.Publish(stored));
                    slot.Latest = next;
                    if (committed is null)
                    {
                        slot.Publish(next);
                    }

                    slot.InFlight = committed;
                }
            }
        }
        finally
        {
            _replacing.ExitReadLock();
        }

        // Outside the tenant's lock: its next writer need not wait for this commit to start its own.
        committed?.GetAwaiter().GetResult();
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
    /// Stores one tenant's change (<paramref name="after"/> null: deleted), under the tenant's lock, in the
    /// order the tenant's changes are made. Returns null when it is stored, or a task that completes once it
    /// is, having first called <paramref name="publish"/> (which makes the change visible to readers); a
    /// faulted task fails the write. <paramref name="before"/> is what the previous call stored.
    /// </summary>
    protected virtual Task? Persist(Guid tenantId, TenantState? before, TenantState? after, Action publish) => null;

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
        // What readers see: the newest committed state. Volatile so lock-free readers see the newest reference.
        private volatile TenantState? _state = state;

        public TenantState? State => _state;

        /// <summary>The newest state, committed or not: what the tenant's next writer starts from (under the slot's lock).</summary>
        public TenantState? Latest { get; set; } = state;

        /// <summary>The commit of <see cref="Latest"/> while it is in flight (under the slot's lock).</summary>
        public Task? InFlight { get; set; }

        /// <summary>Called in the order the changes were made, once each is stored.</summary>
        public void Publish(TenantState? committed) => _state = committed;
    }
}
