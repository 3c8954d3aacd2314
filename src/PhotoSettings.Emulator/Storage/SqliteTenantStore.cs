using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>
/// Tenant state in SQLite, a peer of <see cref="InMemoryTenantStore"/> over the same <see cref="TenantStates"/>:
/// read at start-up (settings versions lazily), written through on every change. A change turns into rows
/// under its own tenant's lock (tenants never wait on each other's serialisation) and joins the
/// <see cref="GroupCommitter"/>'s queue; the call completes once that commit lands, and so does every read of
/// a state whose commit is still in flight. The tenant's next writer need not wait for it to start its own.
/// </summary>
public sealed class SqliteTenantStore : ITenantStore, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly SqliteReader _reader;
    private readonly TenantStates _states;
    private readonly GroupCommitter _committer;
    private readonly SettingKinds _kinds;

    public SqliteTenantStore(string path, TenantSeed seed, SettingKinds kinds)
    {
        _kinds = kinds;
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        SqliteReader? reader = null;
        try
        {
            _db = SqliteSchema.Open(fullPath, seed, kinds);
            reader = new SqliteReader(fullPath);
            _states = new TenantStates(new StoredTenants(reader, kinds).Read(_db), StoredTenants.GlobalClockOffset(_db));
        }
        catch (Exception ex)
        {
            reader?.Dispose();
            _db?.Dispose();
            if (ex is SqliteException)
            {
                throw new StorageException($"The database '{fullPath}' cannot be used: {ex.Message}", ex);
            }

            throw;
        }

        _reader = reader;
        _committer = new GroupCommitter(_db);
        PhotoSizes = new SqlitePhotoSizeStore(_reader, _committer);
    }

    /// <summary>Sizes cut from the stored photos, kept beside them.</summary>
    public SqlitePhotoSizeStore PhotoSizes { get; }

    public ValueTask<TenantState?> FindAsync(Guid tenantId)
    {
        var (state, commit) = _states.Find(tenantId);
        return Durability.After(state, commit);
    }

    public TenantState? Peek(Guid tenantId) => _states.Find(tenantId).State;

    public ValueTask<IReadOnlyList<TenantState>> AllAsync()
    {
        var (states, commit) = _states.All();
        return Durability.After(states, commit);
    }

    public ValueTask<TenantState?> ChangeAsync(Guid tenantId, Func<TenantState?, TenantState?> change)
    {
        var (state, commit) = _states.Change(tenantId, change, (before, after) => _committer.Enqueue(TenantRows.Change(tenantId, before, after, _kinds)));
        return Durability.After(state, commit);
    }

    public TimeSpan GlobalClockOffset => _states.GlobalClockOffset;

    public ValueTask<TimeSpan?> TryAdvanceGlobalClockAsync(TimeSpan by)
    {
        var (offset, commit) = _states.AdvanceGlobalClock(by, next => _committer.Enqueue([TenantRows.Clock(next)]));
        return Durability.After(offset, commit);
    }

    public ValueTask<TimeSpan> ReadGlobalClockAsync()
    {
        var (offset, commit) = _states.GlobalClock();
        return Durability.After(offset, commit);
    }

    public ValueTask ReplaceAllAsync(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset) =>
        Durability.After(_states.Replace(tenants, globalClockOffset, () => _committer.Enqueue(TenantRows.Replacement(tenants, globalClockOffset, _kinds))));

    public void Dispose()
    {
        _committer.Dispose();

        // Closing the last connection checkpoints the WAL into the database and removes it.
        _reader.Dispose();
        _db.Close();
        _db.Dispose();
        _states.Dispose();
    }
}
