using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>A database the emulator will not open: the message says why and what to do.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Tenant state in SQLite, read into memory at start-up and written through on every change: a change
/// is acknowledged only after its transaction is committed in WAL mode with synchronous=FULL, so a
/// crash at any instant leaves each request's old state or its new one. The schema is created and
/// migrated here, versioned by <c>PRAGMA user_version</c>; a database from a newer emulator is refused.
/// </summary>
public sealed class SqliteTenantStore : InMemoryTenantStore
{
    public const int SchemaVersion = 1;
    private const string ClockKey = "global_clock_offset_ticks";

    private readonly SqliteConnection _db;
    private readonly Lock _dbGate = new();

    public SqliteTenantStore(string path, TenantSeed seed)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false }.ToString());
        try
        {
            _db.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=FULL;");
            Execute("PRAGMA busy_timeout=5000;");
            var version = Convert.ToInt64(Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new StorageException($"The database '{fullPath}' has schema version {version}, written by a newer emulator; this one "
                    + $"knows version {SchemaVersion} and will not change it. Run a newer emulator, or point Emulator:Storage:Path elsewhere.");
            }

            if (version == 0)
            {
                Create();
                PersistAll(seed.Tenants, seed.ClockOffset);
            }

            Load(ReadTenants(), TimeSpan.FromTicks(Convert.ToInt64(Scalar($"SELECT value FROM meta WHERE key = '{ClockKey}';") ?? 0L, System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (SqliteException ex)
        {
            _db.Dispose();
            throw new StorageException($"The database '{fullPath}' cannot be used: {ex.Message}", ex);
        }
        catch
        {
            _db.Dispose();
            throw;
        }
    }

    protected override void Persist(Guid tenantId, TenantState? before, TenantState? after)
    {
        lock (_dbGate)
        {
            using var transaction = _db.BeginTransaction();
            var id = tenantId.ToString();
            if (after is null)
            {
                Execute("DELETE FROM tenants WHERE id = $id;", ("$id", id));
                Execute("DELETE FROM photos WHERE tenant_id = $id;", ("$id", id));
            }
            else
            {
                WriteTenant(after);
                foreach (var (userId, _) in before?.Photos ?? [])
                {
                    if (!after.Photos.ContainsKey(userId))
                    {
                        Execute("DELETE FROM photos WHERE tenant_id = $t AND user_id = $u;", ("$t", id), ("$u", userId.ToString()));
                    }
                }

                foreach (var (userId, photo) in after.Photos)
                {
                    if (before is null || !before.Photos.TryGetValue(userId, out var old) || !ReferenceEquals(old, photo))
                    {
                        WritePhoto(tenantId, userId, photo);
                    }
                }
            }

            transaction.Commit();
        }
    }

    protected override void PersistClock(TimeSpan globalClockOffset)
    {
        lock (_dbGate)
        {
            Execute("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", globalClockOffset.Ticks));
        }
    }

    protected override void PersistAll(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset)
    {
        lock (_dbGate)
        {
            using var transaction = _db.BeginTransaction();
            Execute("DELETE FROM tenants;");
            Execute("DELETE FROM photos;");
            foreach (var tenant in tenants)
            {
                WriteTenant(tenant);
                foreach (var (userId, photo) in tenant.Photos)
                {
                    WritePhoto(tenant.Tenant.Id, userId, photo);
                }
            }

            Execute("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", globalClockOffset.Ticks));
            transaction.Commit();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_dbGate)
            {
                // Closing the last connection checkpoints the WAL into the database and removes it.
                _db.Close();
                _db.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void Create()
    {
        using var transaction = _db.BeginTransaction();
        Execute("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE tenants (id TEXT PRIMARY KEY, document TEXT NOT NULL);
            CREATE TABLE photos (
                tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
                width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL,
                PRIMARY KEY (tenant_id, user_id));
            """);
        Execute($"PRAGMA user_version = {SchemaVersion};");
        transaction.Commit();
    }

    private List<TenantState> ReadTenants()
    {
        var photos = new Dictionary<Guid, Dictionary<Guid, UserPhoto>>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT tenant_id, user_id, content_type, width, height, etag, content FROM photos;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var tenant = Guid.Parse(reader.GetString(0));
                if (!photos.TryGetValue(tenant, out var ofTenant))
                {
                    photos[tenant] = ofTenant = [];
                }

                ofTenant[Guid.Parse(reader.GetString(1))] = new UserPhoto(
                    (byte[])reader.GetValue(6), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5));
            }
        }

        var states = new List<TenantState>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT document FROM tenants;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var document = JsonSerializer.Deserialize(reader.GetString(0), EmulatorJsonContext.Default.TenantDocument)!;
                var state = document.ToState();
                states.Add(photos.TryGetValue(state.Tenant.Id, out var own)
                    ? state with { Photos = System.Collections.Immutable.ImmutableDictionary.CreateRange(own) }
                    : state);
            }
        }

        return states;
    }

    private void WriteTenant(TenantState state)
    {
        var document = TenantDocument.FromState(state) with { Photos = null };
        Execute("INSERT OR REPLACE INTO tenants (id, document) VALUES ($id, $doc);",
            ("$id", state.Tenant.Id.ToString()), ("$doc", JsonSerializer.Serialize(document, EmulatorJsonContext.Default.TenantDocument)));
    }

    private void WritePhoto(Guid tenantId, Guid userId, UserPhoto photo) =>
        Execute("INSERT OR REPLACE INTO photos (tenant_id, user_id, content_type, width, height, etag, content) VALUES ($t, $u, $c, $w, $h, $e, $b);",
            ("$t", tenantId.ToString()), ("$u", userId.ToString()), ("$c", photo.ContentType), ("$w", photo.Width), ("$h", photo.Height), ("$e", photo.ETag), ("$b", photo.Content));

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
