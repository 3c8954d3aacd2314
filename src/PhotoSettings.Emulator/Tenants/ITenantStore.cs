namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// Where tenant state lives. Reads return the latest committed value; an update runs its change
/// function while holding that tenant's write lock (other tenants are not blocked), so a
/// read-merge-validate-write is atomic and concurrent writers never produce a state nobody asked for.
/// </summary>
public interface ITenantStore
{
    TenantState? Find(Guid tenantId);

    /// <summary>
    /// Applies <paramref name="change"/> to the tenant's current state and stores what it returns.
    /// Returning the same instance means "reject": nothing is written. Returns the state after the
    /// call, or null when the tenant does not exist.
    /// </summary>
    TenantState? Update(Guid tenantId, Func<TenantState, TenantState> change);

    IReadOnlyList<TenantState> All();
}
