using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>
/// The read-only connection requests read on, beside the committer's writes (WAL lets a second connection
/// read); one reader at a time.
/// </summary>
public sealed class SqliteReader(string fullPath) : IDisposable
{
    private readonly SqliteConnection _connection = Opened(fullPath);
    private readonly Lock _gate = new();

    public T Read<T>(Func<SqliteConnection, T> read)
    {
        lock (_gate)
        {
            return read(_connection);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static SqliteConnection Opened(string fullPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return connection;
    }
}

/// <summary>
/// Reads the stored tenants back: every tenant's directory, counters and photos at start-up; its settings
/// versions when the tenant is first asked for, so a start-up on a million versions reads only the tenants
/// its first requests touch.
/// </summary>
public sealed class StoredTenants(SqliteReader reader, SettingKinds kinds)
{
    // Versions repeat a few settings values; one instance of each keeps a million rows small in memory. Used under the reader's lock.
    private readonly Dictionary<(string Source, string Roles), PhotoUpdateSettings> _settingsValues = [];

    // The same for every other setting, by its name and its value's JSON text.
    private readonly Dictionary<(string, string), object> _otherValues = [];

    public static TimeSpan GlobalClockOffset(SqliteConnection db) =>
        TimeSpan.FromTicks(Convert.ToInt64(SqliteSchema.Scalar(db, $"SELECT value FROM meta WHERE key = '{TenantRows.ClockKey}';") ?? 0L, CultureInfo.InvariantCulture));

    public List<(Guid Id, Func<TenantState> Read)> Read(SqliteConnection db)
    {
        var photos = new Dictionary<Guid, Dictionary<Guid, UserPhoto>>();
        using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT tenant_id, user_id, content_type, width, height, etag, content FROM photos;";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var tenant = Guid.Parse(rows.GetString(0));
                if (!photos.TryGetValue(tenant, out var ofTenant))
                {
                    photos[tenant] = ofTenant = [];
                }

                ofTenant[Guid.Parse(rows.GetString(1))] = new UserPhoto(
                    (byte[])rows.GetValue(6), rows.GetString(2), rows.GetInt32(3), rows.GetInt32(4), rows.GetString(5));
            }
        }

        var tenants = new List<(Guid, Func<TenantState>)>();
        using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT id, document, change_count, superseded, clock_offset_ticks FROM tenants;";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var document = JsonSerializer.Deserialize(rows.GetString(1), EmulatorJsonContext.Default.TenantDocument)!;
                var id = rows.GetString(0);
                var superseded = rows.GetInt64(3);
                var state = document.ToState() with
                {
                    ChangeCount = rows.GetInt64(2),
                    ClockOffset = TimeSpan.FromTicks(rows.GetInt64(4)),
                };
                if (photos.TryGetValue(state.Tenant.Id, out var ownPhotos))
                {
                    state = state with { Photos = ImmutableDictionary.CreateRange(ownPhotos) };
                }

                tenants.Add((state.Tenant.Id, () => reader.Read(connection => state with
                {
                    Settings = SettingRows.Read(connection, id, kinds, _otherValues)
                        .SetItem(TenantState.PhotoUpdateSettingsName, History(connection, id, superseded)),
                })));
            }
        }

        return tenants;
    }

    /// <summary>One tenant's settings versions, oldest first.</summary>
    private SettingHistory<PhotoUpdateSettings> History(SqliteConnection connection, string tenantId, long superseded)
    {
        var versions = new List<SettingVersion<PhotoUpdateSettings>>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, source, allowed_roles, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes
            FROM versions WHERE tenant_id = $t ORDER BY seq;
            """;
        command.Parameters.AddWithValue("$t", tenantId);
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            var key = (rows.GetString(1), rows.GetString(2));
            if (!_settingsValues.TryGetValue(key, out var settings))
            {
                _settingsValues[key] = settings = new SettingsValueDocument
                {
                    Source = key.Item1,
                    AllowedRoles = key.Item2.Length == 0 ? [] : key.Item2.Split(','),
                }.ToSettings();
            }

            versions.Add(new SettingVersion<PhotoUpdateSettings>(settings, Time(rows.GetInt64(3), rows.GetInt32(4)), Time(rows.GetInt64(5), rows.GetInt32(6)))
            {
                Sequence = rows.GetInt64(0),
            });
        }

        return SettingHistory<PhotoUpdateSettings>.From(versions, superseded);
    }

    /// <summary>A stored time: integers, because parsing two million ISO 8601 strings dominated a start-up with a million versions.</summary>
    public static DateTimeOffset Time(long utcTicks, int offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }
}
