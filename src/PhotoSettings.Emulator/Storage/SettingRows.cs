using System.Collections.Immutable;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>
/// Every setting's versions but photoUpdateSettings's, as rows of <c>settings_versions</c> keyed by tenant, setting and
/// sequence number, each value as its setting writes it in JSON; and how many changes each setting's cap superseded, in
/// <c>settings_superseded</c>. photoUpdateSettings keeps version 2's <c>versions</c> rows and the tenant row's counter
/// (<see cref="TenantRows"/>), so a database stays readable by the emulator that wrote version 2.
/// </summary>
public static class SettingRows
{
    /// <summary>The two tables: an addition to version 2, which an emulator without them never reads.</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS settings_versions (
            tenant_id TEXT NOT NULL, setting TEXT NOT NULL, seq INTEGER NOT NULL, settings TEXT NOT NULL,
            requested_at_utc_ticks INTEGER NOT NULL, requested_at_offset_minutes INTEGER NOT NULL,
            effective_at_utc_ticks INTEGER NOT NULL, effective_at_offset_minutes INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, setting, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS settings_superseded (
            tenant_id TEXT NOT NULL, setting TEXT NOT NULL, superseded INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, setting)) WITHOUT ROWID;
        """;

    /// <summary>Brings one tenant's rows of every changed setting from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static void Change(
        List<Statement> statements, string tenantId,
        ImmutableDictionary<string, ISettingHistory>? before, ImmutableDictionary<string, ISettingHistory> after, SettingKinds kinds)
    {
        foreach (var name in after.Keys.Concat(before?.Keys ?? []).Distinct())
        {
            if (name == TenantState.PhotoUpdateSettingsName || kinds.Find(name) is not { } kind)
            {
                continue;
            }

            ISettingHistory? old = null;
            before?.TryGetValue(name, out old);
            after.TryGetValue(name, out var now);
            if (!ReferenceEquals(old, now))
            {
                HistoryChange(statements, tenantId, kind, old, now);
            }
        }
    }

    /// <summary>
    /// The rows a write pruned or superseded go, the versions it added come (sequence numbers only grow along a
    /// history); a history whose newest is older than before's, or none (a reset), replaces the rows.
    /// </summary>
    private static void HistoryChange(List<Statement> statements, string tenantId, ISettingKind kind, ISettingHistory? before, ISettingHistory? after)
    {
        var newestBefore = before?.LastSequence ?? 0;
        if (before is not null && before.Count > 0)
        {
            if (after is null || after.LastSequence < newestBefore || after.Count == 0)
            {
                statements.Add(new("DELETE FROM settings_versions WHERE tenant_id = $t AND setting = $n;", ("$t", tenantId), ("$n", kind.Name)));
                newestBefore = 0;
            }
            else
            {
                statements.Add(new("DELETE FROM settings_versions WHERE tenant_id = $t AND setting = $n AND seq < $first AND seq <> $kept;",
                    ("$t", tenantId), ("$n", kind.Name), ("$first", after.FirstPendingSequence), ("$kept", after.InEffectSequence ?? -1)));
            }
        }

        if ((before?.Superseded ?? 0) != (after?.Superseded ?? 0))
        {
            statements.Add(new("INSERT OR REPLACE INTO settings_superseded (tenant_id, setting, superseded) VALUES ($t, $n, $s);",
                ("$t", tenantId), ("$n", kind.Name), ("$s", after?.Superseded ?? 0)));
        }

        foreach (var version in after?.StoredAfter(newestBefore) ?? [])
        {
            statements.Add(new("""
                INSERT OR REPLACE INTO settings_versions (tenant_id, setting, seq, settings, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes)
                VALUES ($t, $n, $q, $v, $a, $ao, $e, $eo);
                """,
                ("$t", tenantId), ("$n", kind.Name), ("$q", version.Sequence), ("$v", kind.ToJson(version.Settings).GetRawText()),
                ("$a", version.RequestedAt.UtcTicks), ("$ao", (int)version.RequestedAt.Offset.TotalMinutes),
                ("$e", version.EffectiveAt.UtcTicks), ("$eo", (int)version.EffectiveAt.Offset.TotalMinutes)));
        }
    }

    /// <summary>One tenant's histories of every declared setting but photoUpdateSettings, read back; values repeat, so equal texts share one value.</summary>
    public static ImmutableDictionary<string, ISettingHistory> Read(
        Microsoft.Data.Sqlite.SqliteConnection connection, string tenantId, SettingKinds kinds, Dictionary<(string, string), object> values)
    {
        var superseded = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT setting, superseded FROM settings_superseded WHERE tenant_id = $t;";
            command.Parameters.AddWithValue("$t", tenantId);
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                superseded[rows.GetString(0)] = rows.GetInt64(1);
            }
        }

        var versions = new Dictionary<string, List<StoredVersion>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT setting, seq, settings, requested_at_utc_ticks, requested_at_offset_minutes, effective_at_utc_ticks, effective_at_offset_minutes
                FROM settings_versions WHERE tenant_id = $t ORDER BY setting, seq;
                """;
            command.Parameters.AddWithValue("$t", tenantId);
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var name = rows.GetString(0);
                if (kinds.Find(name) is not { } kind)
                {
                    continue;
                }

                var key = (name, rows.GetString(2));
                if (!values.TryGetValue(key, out var value))
                {
                    using var json = JsonDocument.Parse(key.Item2);
                    values[key] = value = kind.ReadStored(json.RootElement);
                }

                if (!versions.TryGetValue(name, out var list))
                {
                    versions[name] = list = [];
                }

                list.Add(new StoredVersion(value, StoredTenants.Time(rows.GetInt64(3), rows.GetInt32(4)), StoredTenants.Time(rows.GetInt64(5), rows.GetInt32(6)), rows.GetInt64(1)));
            }
        }

        var histories = ImmutableDictionary.CreateBuilder<string, ISettingHistory>(StringComparer.Ordinal);
        foreach (var name in versions.Keys.Concat(superseded.Keys).Distinct())
        {
            if (kinds.Find(name) is { } kind)
            {
                histories[name] = kind.HistoryFrom(versions.GetValueOrDefault(name) ?? [], superseded.GetValueOrDefault(name));
            }
        }

        return histories.ToImmutable();
    }
}
