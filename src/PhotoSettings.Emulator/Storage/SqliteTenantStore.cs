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
/// Writes are group-committed. A change turns into its statements under its own tenant's lock (tenants
/// never wait on each other's serialisation) and joins a queue; one committer thread runs everything
/// queued while the previous commit was in flight as the next transaction, one fsync for all of them.
/// Until then the request that made the change, and any that read it, hold their answers
/// (<see cref="CommitAcknowledgement"/>). A failed commit stops the store: the state in memory ran ahead
/// of the disk, so every later write fails until the emulator restarts.
/// </remarks>
/// <remarks>
/// Version 2 keeps each settings version in a row of its own, keyed by the tenant and the change's
/// sequence number, and the tenant row holds the directory and the counters. A settings change inserts
/// its row, deletes the rows it pruned or superseded and updates the counters; it no longer re-serialises
/// the tenant with its whole history (up to the cap's 10,000 pending versions per write in version 1).
/// A version 1 database is migrated forward when opened.
/// </remarks>
public sealed class SqliteTenantStore : InMemoryTenantStore, IPhotoSizeStore
{
    public const int SchemaVersion = 2;
    private const string ClockKey = "global_clock_offset_ticks";

    private readonly SqliteConnection _db;

    // Photo sizes are read on requests, beside the committer's writes: WAL lets a second connection read.
    private readonly SqliteConnection _reader;
    private readonly Lock _readerGate = new();
    private readonly Dictionary<(string Source, string Roles), PhotoUpdateSettings> _settingsValues = [];

    // The queue of changes waiting for the next transaction, and the task their writers wait on.
    private readonly Lock _queueGate = new();
    private readonly AutoResetEvent _queued = new(false);
    private readonly Thread _committer;
    private List<List<Statement>> _queue = [];
    private TaskCompletionSource? _nextCommit;
    private bool _stopping;
    private Exception? _failure;

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
                Create(seed);
            }
            else if (version == 1)
            {
                MigrateFromVersion1();
            }

            // An addition to version 2, not a new version: an emulator without it ignores the table, and
            // rows keyed by content can never serve another photo's bytes.
            Execute("CREATE TABLE IF NOT EXISTS photo_sizes (etag TEXT NOT NULL, side INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (etag, side)) WITHOUT ROWID;");

            LoadLazily(ReadTenants(), TimeSpan.FromTicks(Convert.ToInt64(Scalar($"SELECT value FROM meta WHERE key = '{ClockKey}';") ?? 0L, System.Globalization.CultureInfo.InvariantCulture)));
            _reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            _reader.Open();
        }
        catch (SqliteException ex)
        {
            _reader?.Dispose();
            _db.Dispose();
            throw new StorageException($"The database '{fullPath}' cannot be used: {ex.Message}", ex);
        }
        catch
        {
            _reader?.Dispose();
            _db.Dispose();
            throw;
        }

        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "SQLite group commit" };
        _committer.Start();
    }

    protected override Task? Persist(Guid tenantId, TenantState? before, TenantState? after)
    {
        var statements = new List<Statement>();
        var id = tenantId.ToString();
        if (after is null)
        {
            statements.Add(new("DELETE FROM tenants WHERE id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM versions WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM photos WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(DropOrphanSizes);
        }
        else
        {
            if (before is null || !ReferenceEquals(before.Tenant, after.Tenant))
            {
                statements.Add(TenantRow(after));
            }
            else if (before.ChangeCount != after.ChangeCount || before.ClockOffset != after.ClockOffset || before.History.Superseded != after.History.Superseded)
            {
                statements.Add(new("UPDATE tenants SET change_count = $c, superseded = $s, clock_offset_ticks = $o WHERE id = $id;",
                    ("$id", id), ("$c", after.ChangeCount), ("$s", after.History.Superseded), ("$o", after.ClockOffset.Ticks)));
            }

            if (before is null || !ReferenceEquals(before.History, after.History))
            {
                HistoryChange(statements, id, before?.History, after.History);
            }

            foreach (var (userId, old) in before?.Photos ?? [])
            {
                if (!after.Photos.ContainsKey(userId))
                {
                    statements.Add(new("DELETE FROM photos WHERE tenant_id = $t AND user_id = $u;", ("$t", id), ("$u", userId.ToString())));
                    statements.Add(DropSizesOf(old.ETag));
                }
            }

            foreach (var (userId, photo) in after.Photos)
            {
                UserPhoto? old = null;
                if (before is null || !before.Photos.TryGetValue(userId, out old) || !ReferenceEquals(old, photo))
                {
                    statements.Add(PhotoRow(tenantId, userId, photo));
                    if (old is not null && old.ETag != photo.ETag)
                    {
                        statements.Add(DropSizesOf(old.ETag));
                    }
                }
            }
        }

        return Enqueue(statements);
    }

    protected override void PersistClock(TimeSpan globalClockOffset) =>
        Enqueue([new("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", globalClockOffset.Ticks))]).GetAwaiter().GetResult();

    protected override void PersistAll(IReadOnlyList<TenantState> tenants, TimeSpan globalClockOffset)
    {
        List<Statement> statements = [new("DELETE FROM tenants;"), new("DELETE FROM versions;"), new("DELETE FROM photos;")];
        foreach (var tenant in tenants)
        {
            statements.Add(TenantRow(tenant));
            HistoryChange(statements, tenant.Tenant.Id.ToString(), null, tenant.History);
            foreach (var (userId, photo) in tenant.Photos)
            {
                statements.Add(PhotoRow(tenant.Tenant.Id, userId, photo));
            }
        }

        statements.Add(DropOrphanSizes);
        statements.Add(new("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", globalClockOffset.Ticks)));
        Enqueue(statements).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public byte[]? FindSize(string photoETag, int side)
    {
        lock (_readerGate)
        {
            using var command = _reader.CreateCommand();
            command.CommandText = "SELECT content FROM photo_sizes WHERE etag = $e AND side = $s;";
            command.Parameters.AddWithValue("$e", photoETag);
            command.Parameters.AddWithValue("$s", side);
            return command.ExecuteScalar() as byte[];
        }
    }

    /// <inheritdoc />
    public void KeepSize(string photoETag, int side, byte[] content)
    {
        try
        {
            // Not waited for: a size lost in a crash is made again. Kept only while a photo with these bytes is stored.
            Enqueue([new("INSERT OR IGNORE INTO photo_sizes (etag, side, content) SELECT $e, $s, $c WHERE EXISTS (SELECT 1 FROM photos WHERE etag = $e);",
                ("$e", photoETag), ("$s", side), ("$c", content))]);
        }
        catch (Exception ex) when (ex is StorageException or ObjectDisposedException)
        {
            // A store that stopped keeps nothing more; the size is still served from memory.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_queueGate)
            {
                _stopping = true;
            }

            _queued.Set();
            _committer.Join();

            // Closing the last connection checkpoints the WAL into the database and removes it.
            lock (_readerGate)
            {
                _reader.Dispose();
            }

            _db.Close();
            _db.Dispose();
            _queued.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Queues a change's statements for the next transaction; the task completes once it is committed.</summary>
    private Task Enqueue(List<Statement> statements)
    {
        lock (_queueGate)
        {
            if (_failure is not null)
            {
                throw new StorageException("An earlier write to the database failed, so this emulator stores nothing more; restart it.", _failure);
            }

            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Add(statements);
            _nextCommit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_queue.Count == 1)
            {
                _queued.Set();
            }

            return _nextCommit.Task;
        }
    }

    /// <summary>
    /// The committer: takes everything queued (each tenant's changes in the order they were made), runs it as
    /// one transaction, then completes the task every answer that wrote or read those changes waits on. What
    /// arrives meanwhile waits for the next turn.
    /// </summary>
    private void CommitLoop()
    {
        var prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                bool idle;
                lock (_queueGate)
                {
                    idle = _queue.Count == 0 && !_stopping;
                }

                // The event is set by the first change queued after a batch was taken, and on stopping.
                if (idle)
                {
                    _queued.WaitOne();
                }

                List<List<Statement>> batch;
                TaskCompletionSource? done;
                lock (_queueGate)
                {
                    if (_queue.Count == 0)
                    {
                        if (_stopping)
                        {
                            return;
                        }

                        continue;
                    }

                    batch = _queue;
                    done = _nextCommit;
                    _queue = [];
                    _nextCommit = null;
                }

                if (_failure is { } earlier)
                {
                    done?.SetException(new StorageException("An earlier write to the database failed; this one was not stored.", earlier));
                    continue;
                }

                try
                {
                    using (var transaction = _db.BeginTransaction())
                    {
                        foreach (var change in batch)
                        {
                            foreach (var statement in change)
                            {
                                Run(prepared, transaction, statement);
                            }
                        }

                        transaction.Commit();
                    }
                }
                catch (Exception ex)
                {
                    // Whatever failed, the writers waiting on this batch must hear of it rather than wait forever.
                    lock (_queueGate)
                    {
                        _failure = ex;
                    }

                    done?.SetException(new StorageException($"Writing to the database failed: {ex.Message}", ex));
                    continue;
                }

                done?.SetResult();
            }
        }
        finally
        {
            foreach (var command in prepared.Values)
            {
                command.Dispose();
            }
        }
    }

    private static void Run(Dictionary<string, SqliteCommand> prepared, SqliteTransaction transaction, Statement statement)
    {
        if (!prepared.TryGetValue(statement.Sql, out var command))
        {
            prepared[statement.Sql] = command = transaction.Connection!.CreateCommand();
            command.CommandText = statement.Sql;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private void Create(TenantSeed seed)
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
        List<Statement> rows = [];
        foreach (var tenant in seed.Tenants)
        {
            rows.Add(TenantRow(tenant));
            HistoryChange(rows, tenant.Tenant.Id.ToString(), null, tenant.History);
            rows.AddRange(tenant.Photos.Select(p => PhotoRow(tenant.Tenant.Id, p.Key, p.Value)));
        }

        rows.Add(new("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", seed.ClockOffset.Ticks)));
        RunNow(rows);
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
        List<Statement> rows = [];
        foreach (var state in states)
        {
            rows.Add(TenantRow(state));
            HistoryChange(rows, state.Tenant.Id.ToString(), null, state.History);
        }

        RunNow(rows);

        Execute($"PRAGMA user_version = {SchemaVersion};");
        transaction.Commit();
    }

    /// <summary>
    /// Every tenant's directory, counters and photos now; its settings versions when the tenant is first
    /// asked for, so a start-up on a million versions reads only the tenants its first requests touch.
    /// </summary>
    private List<(Guid Id, Func<TenantState> Read)> ReadTenants()
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

        var tenants = new List<(Guid, Func<TenantState>)>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT id, document, change_count, superseded, clock_offset_ticks FROM tenants;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var document = JsonSerializer.Deserialize(reader.GetString(1), EmulatorJsonContext.Default.TenantDocument)!;
                var id = reader.GetString(0);
                var superseded = reader.GetInt64(3);
                var state = document.ToState() with
                {
                    ChangeCount = reader.GetInt64(2),
                    ClockOffset = TimeSpan.FromTicks(reader.GetInt64(4)),
                };
                if (photos.TryGetValue(state.Tenant.Id, out var ownPhotos))
                {
                    state = state with { Photos = System.Collections.Immutable.ImmutableDictionary.CreateRange(ownPhotos) };
                }

                tenants.Add((state.Tenant.Id, () => state with { History = ReadHistory(id, superseded) }));
            }
        }

        return tenants;
    }

    /// <summary>One tenant's settings versions, oldest first; on the reading connection, as the writer's belongs to the committer.</summary>
    private SettingsHistory ReadHistory(string tenantId, long superseded)
    {
        var versions = new List<SettingsVersion>();
        lock (_readerGate)
        {
            using var command = _reader.CreateCommand();
            command.CommandText = """
                SELECT seq, source, allowed_roles, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes
                FROM versions WHERE tenant_id = $t ORDER BY seq;
                """;
            command.Parameters.AddWithValue("$t", tenantId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // Versions repeat a few settings values; one instance of each keeps a million rows small in memory.
                var key = (reader.GetString(1), reader.GetString(2));
                if (!_settingsValues.TryGetValue(key, out var settings))
                {
                    _settingsValues[key] = settings = new SettingsValueDocument
                    {
                        Source = key.Item1,
                        AllowedRoles = key.Item2.Length == 0 ? [] : key.Item2.Split(','),
                    }.ToSettings();
                }

                versions.Add(new SettingsVersion(settings, Time(reader.GetInt64(3), reader.GetInt32(4)), Time(reader.GetInt64(5), reader.GetInt32(6)))
                {
                    Sequence = reader.GetInt64(0),
                });
            }
        }

        return SettingsHistory.From(versions, superseded);
    }

    /// <summary>The tenant row: its directory as a tenants-file document, and its counters.</summary>
    private static Statement TenantRow(TenantState state) =>
        new("INSERT OR REPLACE INTO tenants (id, document, change_count, superseded, clock_offset_ticks) VALUES ($id, $doc, $c, $s, $o);",
            ("$id", state.Tenant.Id.ToString()), ("$doc", JsonSerializer.Serialize(TenantDocument.From(state.Tenant), EmulatorJsonContext.Default.TenantDocument)),
            ("$c", state.ChangeCount), ("$s", state.History.Superseded), ("$o", state.ClockOffset.Ticks));

    /// <summary>
    /// Brings a tenant's version rows from <paramref name="before"/> to <paramref name="after"/>: the rows
    /// the write pruned or superseded go, the versions it added come. Sequence numbers only grow along a
    /// history, so a write that added versions added those above the newest stored before it; a history
    /// whose newest is older than before's (a reset) replaces the rows.
    /// </summary>
    private static void HistoryChange(List<Statement> statements, string tenantId, SettingsHistory? before, SettingsHistory after)
    {
        var newestBefore = before?.LastSequence ?? 0;
        if (before is not null && before.Count > 0)
        {
            if (after.LastSequence < newestBefore || after.Count == 0)
            {
                statements.Add(new("DELETE FROM versions WHERE tenant_id = $t;", ("$t", tenantId)));
                newestBefore = 0;
            }
            else
            {
                statements.Add(new("DELETE FROM versions WHERE tenant_id = $t AND seq < $first AND seq <> $kept;",
                    ("$t", tenantId), ("$first", after.FirstPendingSequence), ("$kept", after.InEffectSequence ?? -1)));
            }
        }

        foreach (var version in after.After(newestBefore))
        {
            var value = SettingsValueDocument.From(version.Settings);
            statements.Add(new("""
                INSERT OR REPLACE INTO versions (tenant_id, seq, source, allowed_roles, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes)
                VALUES ($t, $q, $s, $r, $a, $ao, $e, $eo);
                """,
                ("$t", tenantId), ("$q", version.Sequence), ("$s", value.Source!), ("$r", string.Join(',', value.AllowedRoles!)),
                ("$a", version.RequestedAt.UtcTicks), ("$ao", (int)version.RequestedAt.Offset.TotalMinutes),
                ("$e", version.EffectiveAt.UtcTicks), ("$eo", (int)version.EffectiveAt.Offset.TotalMinutes)));
        }
    }

    /// <summary>A stored time: integers, because parsing two million ISO 8601 strings dominated a start-up with a million versions.</summary>
    private static DateTimeOffset Time(long utcTicks, int offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }

    private static Statement PhotoRow(Guid tenantId, Guid userId, UserPhoto photo) =>
        new("INSERT OR REPLACE INTO photos (tenant_id, user_id, content_type, width, height, etag, content) VALUES ($t, $u, $c, $w, $h, $e, $b);",
            ("$t", tenantId.ToString()), ("$u", userId.ToString()), ("$c", photo.ContentType), ("$w", photo.Width), ("$h", photo.Height), ("$e", photo.ETag), ("$b", photo.Content));

    /// <summary>A photo's sizes go with the last stored photo that has its bytes.</summary>
    private static Statement DropSizesOf(string photoETag) =>
        new("DELETE FROM photo_sizes WHERE etag = $e AND NOT EXISTS (SELECT 1 FROM photos WHERE etag = $e);", ("$e", photoETag));

    private static readonly Statement DropOrphanSizes = new("DELETE FROM photo_sizes WHERE etag NOT IN (SELECT etag FROM photos);");

    /// <summary>Runs statements on the writer connection outside the committer (only while opening, before it starts).</summary>
    private void RunNow(List<Statement> statements)
    {
        foreach (var statement in statements)
        {
            Execute(statement.Sql, statement.Parameters);
        }
    }

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

    /// <summary>One SQL statement and its parameters, made under a tenant's lock and run by the committer.</summary>
    private sealed record Statement(string Sql, params (string Name, object Value)[] Parameters);

    private object? Scalar(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
