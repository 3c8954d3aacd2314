using System.Collections.Concurrent;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>The default store: tenant states in memory, one lock per tenant for writers, none for readers.</summary>
public sealed class InMemoryTenantStore : ITenantStore
{
    private readonly ConcurrentDictionary<Guid, Slot> _tenants = new();

    public InMemoryTenantStore(IEnumerable<TenantState> initial)
    {
        foreach (var state in initial)
        {
            _tenants[state.Tenant.Id] = new Slot(state);
        }
    }

    public TenantState? Find(Guid tenantId) => _tenants.TryGetValue(tenantId, out var slot) ? slot.State : null;

    public TenantState? Update(Guid tenantId, Func<TenantState, TenantState> change)
    {
        if (!_tenants.TryGetValue(tenantId, out var slot))
        {
            return null;
        }

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

    public IReadOnlyList<TenantState> All() => [.. _tenants.Values.Select(s => s.State)];

    private sealed class Slot(TenantState state)
    {
        public readonly Lock Gate = new();

        // Swapped whole under Gate; volatile so lock-free readers see the newest reference.
        private volatile TenantState _state = state;

        public TenantState State
        {
            get => _state;
            set => _state = value;
        }
    }
}
