using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>The default store: tenant states in memory, one lock per tenant for writers, none for readers.</summary>
public sealed class InMemoryTenantStore : ITenantStore
{
    // A slot outlives its tenant (State null) so that a create and a delete of one id share a lock.
    private readonly ConcurrentDictionary<Guid, Slot> _tenants = new();
    private long _globalOffsetTicks;

    public InMemoryTenantStore(IEnumerable<TenantState> initial)
    {
        foreach (var state in initial)
        {
            _tenants[state.Tenant.Id] = new Slot(state);
        }
    }

    public TenantState? Find(Guid tenantId) => _tenants.TryGetValue(tenantId, out var slot) ? slot.State : null;

    public IReadOnlyList<TenantState> All() =>
        [.. _tenants.Values.Select(s => s.State).OfType<TenantState>().OrderBy(s => s.Tenant.Id)];

    public TenantState? Change(Guid tenantId, Func<TenantState?, TenantState?> change)
    {
        var slot = _tenants.TryGetValue(tenantId, out var existing) ? existing : _tenants.GetOrAdd(tenantId, _ => new Slot(null));
        lock (slot.Gate)
        {
            var next = change(slot.State);
            if (!ReferenceEquals(next, slot.State))
            {
                slot.State = next;
            }

            return next;
        }
    }

    public TimeSpan GlobalClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _globalOffsetTicks));

    public TimeSpan AdvanceGlobalClock(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return TimeSpan.FromTicks(Interlocked.Add(ref _globalOffsetTicks, by.Ticks));
    }

    private sealed class Slot(TenantState? state)
    {
        public readonly Lock Gate = new();

        // Swapped whole under Gate; volatile so lock-free readers see the newest reference.
        private volatile TenantState? _state = state;

        public TenantState? State
        {
            get => _state;
            set => _state = value;
        }
    }
}
