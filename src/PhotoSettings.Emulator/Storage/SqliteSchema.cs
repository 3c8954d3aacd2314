using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>A database the emulator will not open: the message says why and what to do.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The schema, created and migrated when the database is opened, versioned by <c>PRAGMA user_version</c>;
/// a database from a newer emulator is refused. Commits run in WAL mode with synchronous=FULL, so a crash at
/// any instant leaves each change's old state or its new one.
/// </summary>
public static class SqliteSchema
{
    /// <summary>Version 1 kept each tenant, its settings history included, as one JSON document; version 2 keeps a row per settings version.</summary>
    public const int Version = 2;

    /// <summary>Opens the writer connection on a database of the current version, creating it from <paramref name="seed"/> or migrating it.</summary>
    public static SqliteConnection Open(string fullPath, TenantSeed seed, SettingKinds kinds)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false }.ToString());
        try
        {
            db.Open();
            Execute(db, "PRAGMA journal_mode=WAL;");
            Execute(db, "PRAGMA synchronous=FULL;");
            Execute(db, "PRAGMA busy_timeout=5000;");
            var version = Convert.ToInt64(Scalar(db, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > Version)
            {
                throw new StorageException($"The database '{fullPath}' has schema version {version}, written by a newer emulator; this one "
                    + $"knows version {Version} and will not change it. Run a newer emulator, or point Emulator:Storage:Path elsewhere.");
            }

            // Every setting but photoUpdateSettings keeps its versions here: an addition to version 2 like photo_sizes
            // below (see SettingRows), created before a new database's seed is written into it.
            Execute(db, SettingRows.Create);
            if (version == 0)
            {
                Create(db, seed, kinds);
            }
            else if (version == 1)
            {
                MigrateFromVersion1(db);
            }

            // An addition to version 2, not a new version: an emulator without it ignores the table, and
            // rows keyed by content can never serve another photo's bytes.
            Execute(db, "CREATE TABLE IF NOT EXISTS photo_sizes (etag TEXT NOT NULL, side INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (etag, side)) WITHOUT ROWID;");
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public static object? Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Create(SqliteConnection db, TenantSeed seed, SettingKinds kinds)
    {
        using var transaction = db.BeginTransaction();
        Execute(db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        CreateTenantTables(db);
        Execute(db, """
            CREATE TABLE photos (
                tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
                width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL,
                PRIMARY KEY (tenant_id, user_id));
            """);
        RunNow(db, TenantRows.Whole(seed.Tenants, seed.ClockOffset, kinds));
        Execute(db, $"PRAGMA user_version = {Version};");
        transaction.Commit();
    }

    private static void CreateTenantTables(SqliteConnection db) =>
        Execute(db, """
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
    /// Version 1's documents are read as version 1 wrote them and rewritten as a tenant row and version rows,
    /// in one transaction.
    /// </summary>
    private static void MigrateFromVersion1(SqliteConnection db)
    {
        var states = new List<TenantState>();
        using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT document FROM tenants;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                states.Add(JsonSerializer.Deserialize(reader.GetString(0), EmulatorJsonContext.Default.TenantDocument)!.ToState());
            }
        }

        using var transaction = db.BeginTransaction();
        Execute(db, "DROP TABLE tenants;");
        CreateTenantTables(db);
        List<Statement> rows = [];
        foreach (var state in states)
        {
            rows.Add(TenantRows.TenantRow(state));
            TenantRows.HistoryChange(rows, state.Tenant.Id.ToString(), null, state.History);
        }

        RunNow(db, rows);
        Execute(db, $"PRAGMA user_version = {Version};");
        transaction.Commit();
    }

    /// <summary>Runs statements on the writer connection outside the committer (only while opening, before it starts).</summary>
    private static void RunNow(SqliteConnection db, List<Statement> statements)
    {
        foreach (var statement in statements)
        {
            Execute(db, statement.Sql, statement.Parameters);
        }
    }

    private static void Execute(SqliteConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
