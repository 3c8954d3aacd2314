using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Settings;
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
/// <remarks>
/// Version 2 keeps each settings version in a row of its own, keyed by the tenant and the change's
/// sequence number, and the tenant row holds the directory and the counters. A settings change inserts
/// its row, deletes the rows it pruned or superseded and updates the counters; it no longer re-serialises
/// the tenant with its whole history (up to the cap's 10,000 pending versions per write in version 1).
/// A version 1 database is migrated forward when opened.
/// </remarks>
public sealed class SqliteTenantStore : InMemoryTenantStore
{
    public const int SchemaVersion = 2;
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
            else if (version == 1)
            {
                MigrateFromVersion1();
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
                Execute("DELETE FROM versions WHERE tenant_id = $id;", ("$id", id));
                Execute("DELETE FROM photos WHERE tenant_id = $id;", ("$id", id));
            }
            else
            {
                if (before is null || !ReferenceEquals(before.Tenant, after.Tenant))
                {
                    WriteTenant(after);
                }
                else if (before.ChangeCount != after.ChangeCount || before.ClockOffset != after.ClockOffset || before.History.Superseded != after.History.Superseded)
                {
                    Execute("UPDATE tenants SET change_count = $c, superseded = $s, clock_offset_ticks = $o WHERE id = $id;",
                        ("$id", id), ("$c", after.ChangeCount), ("$s", after.History.Superseded), ("$o", after.ClockOffset.Ticks));
                }

                if (before is null || !ReferenceEquals(before.History, after.History))
                {
                    WriteHistoryChange(id, before?.History, after.History);
                }

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
            Execute("DELETE FROM versions;");
            Execute("DELETE FROM photos;");
            foreach (var tenant in tenants)
            {
                WriteTenant(tenant);
                WriteHistoryChange(tenant.Tenant.Id.ToString(), null, tenant.History);
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
        Execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        CreateTenantTables();
        Execute("""
            CREATE TABLE photos (
                tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
                width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL,
                PRIMARY KEY (tenant_id, user_id));
            """);
        Execute($"PRAGMA user_version = {SchemaVersion};");
        transaction.Commit();
    }

    private void CreateTenantTables() =>
        Execute("""
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY, document TEXT NOT NULL,
                change_count INTEGER NOT NULL, superseded INTEGER NOT NULL, clock_offset_ticks INTEGER NOT NULL);
            CREATE TABLE versions (
                tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, source TEXT NOT NULL, allowed_roles TEXT NOT NULL,
                requested_at_utc_ticks INTEGER NOT NULL, requested_at_offset_minutes INTEGER NOT NULL,
                effective_at_utc_ticks INTEGER NOT NULL, effective_at_offset_minutes INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, seq)) WITHOUT ROWID;
            """);

    /// <summary>
    /// Version 1 kept each tenant, its settings history included, as one JSON document. The documents are
    /// read as version 1 wrote them and rewritten as a tenant row and version rows, in one transaction.
    /// </summary>
    private void MigrateFromVersion1()
    {
        var states = new List<TenantState>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT document FROM tenants;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                states.Add(JsonSerializer.Deserialize(reader.GetString(0), EmulatorJsonContext.Default.TenantDocument)!.ToState());
            }
        }

        using var transaction = _db.BeginTransaction();
        Execute("DROP TABLE tenants;");
        CreateTenantTables();
        foreach (var state in states)
        {
            WriteTenant(state);
            WriteHistoryChange(state.Tenant.Id.ToString(), null, state.History);
        }

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

        var versions = new Dictionary<string, List<SettingsVersion>>(StringComparer.Ordinal);
        // Versions repeat a few settings values; one instance of each keeps a million rows small in memory.
        var values = new Dictionary<(string Source, string Roles), PhotoUpdateSettings>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = """
                SELECT tenant_id, seq, source, allowed_roles, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes
                FROM versions ORDER BY tenant_id, seq;
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var tenant = reader.GetString(0);
                if (!versions.TryGetValue(tenant, out var ofTenant))
                {
                    versions[tenant] = ofTenant = [];
                }

                var key = (reader.GetString(2), reader.GetString(3));
                if (!values.TryGetValue(key, out var settings))
                {
                    values[key] = settings = new SettingsValueDocument
                    {
                        Source = key.Item1,
                        AllowedRoles = key.Item2.Length == 0 ? [] : key.Item2.Split(','),
                    }.ToSettings();
                }

                ofTenant.Add(new SettingsVersion(settings, Time(reader.GetInt64(4), reader.GetInt32(5)), Time(reader.GetInt64(6), reader.GetInt32(7)))
                {
                    Sequence = reader.GetInt64(1),
                });
            }
        }

        var states = new List<TenantState>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT id, document, change_count, superseded, clock_offset_ticks FROM tenants;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var document = JsonSerializer.Deserialize(reader.GetString(1), EmulatorJsonContext.Default.TenantDocument)!;
                var state = document.ToState() with
                {
                    History = SettingsHistory.From(versions.TryGetValue(reader.GetString(0), out var own) ? own : [], reader.GetInt64(3)),
                    ChangeCount = reader.GetInt64(2),
                    ClockOffset = TimeSpan.FromTicks(reader.GetInt64(4)),
                };
                states.Add(photos.TryGetValue(state.Tenant.Id, out var ownPhotos)
                    ? state with { Photos = System.Collections.Immutable.ImmutableDictionary.CreateRange(ownPhotos) }
                    : state);
            }
        }

        return states;
    }

    /// <summary>The tenant row: its directory as a tenants-file document, and its counters.</summary>
    private void WriteTenant(TenantState state)
    {
        var document = TenantDocument.From(state.Tenant);
        Execute("INSERT OR REPLACE INTO tenants (id, document, change_count, superseded, clock_offset_ticks) VALUES ($id, $doc, $c, $s, $o);",
            ("$id", state.Tenant.Id.ToString()), ("$doc", JsonSerializer.Serialize(document, EmulatorJsonContext.Default.TenantDocument)),
            ("$c", state.ChangeCount), ("$s", state.History.Superseded), ("$o", state.ClockOffset.Ticks));
    }

    /// <summary>
    /// Brings a tenant's version rows from <paramref name="before"/> to <paramref name="after"/>: the rows
    /// the write pruned or superseded go, the versions it added come. Sequence numbers only grow along a
    /// history, so a write that added versions added those above the newest stored before it; a history
    /// whose newest is older than before's (a reset) replaces the rows.
    /// </summary>
    private void WriteHistoryChange(string tenantId, SettingsHistory? before, SettingsHistory after)
    {
        var newestBefore = before?.LastSequence ?? 0;
        if (before is not null && before.Count > 0)
        {
            if (after.LastSequence < newestBefore || after.Count == 0)
            {
                Execute("DELETE FROM versions WHERE tenant_id = $t;", ("$t", tenantId));
                newestBefore = 0;
            }
            else
            {
                Execute("DELETE FROM versions WHERE tenant_id = $t AND seq < $first AND seq <> $kept;",
                    ("$t", tenantId), ("$first", after.FirstPendingSequence), ("$kept", after.InEffectSequence ?? -1));
            }
        }

        foreach (var version in after.After(newestBefore))
        {
            var value = SettingsValueDocument.From(version.Settings);
            Execute("""
                INSERT OR REPLACE INTO versions (tenant_id, seq, source, allowed_roles, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes)
                VALUES ($t, $q, $s, $r, $a, $ao, $e, $eo);
                """,
                ("$t", tenantId), ("$q", version.Sequence), ("$s", value.Source!), ("$r", string.Join(',', value.AllowedRoles!)),
                ("$a", version.RequestedAt.UtcTicks), ("$ao", (int)version.RequestedAt.Offset.TotalMinutes),
                ("$e", version.EffectiveAt.UtcTicks), ("$eo", (int)version.EffectiveAt.Offset.TotalMinutes));
        }
    }

    /// <summary>A stored time: integers, because parsing two million ISO 8601 strings dominated a start-up with a million versions.</summary>
    private static DateTimeOffset Time(long utcTicks, int offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
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
