using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Storage;

/// <summary>
/// State changes turned into rows. Version 2 keeps each settings version in a row of its own, keyed by the
/// tenant and the change's sequence number, and the tenant row holds the directory and the counters: a
/// settings change inserts its row, deletes the rows it pruned or superseded and updates the counters, rather
/// than re-serialising the tenant with its whole history.
/// </summary>
public static class TenantRows
{
    public const string ClockKey = "global_clock_offset_ticks";

    private static readonly Statement DropOrphanSizes = new("DELETE FROM photo_sizes WHERE etag NOT IN (SELECT etag FROM photos);");

    /// <summary>One tenant's step from <paramref name="before"/> (what the previous change stored) to <paramref name="after"/> (null: deleted).</summary>
    public static List<Statement> Change(Guid tenantId, TenantState? before, TenantState? after, SettingKinds kinds)
    {
        var statements = new List<Statement>();
        var id = tenantId.ToString();
        if (after is null)
        {
            statements.Add(new("DELETE FROM tenants WHERE id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM versions WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM settings_versions WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM settings_superseded WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(new("DELETE FROM photos WHERE tenant_id = $id;", ("$id", id)));
            statements.Add(DropOrphanSizes);
            return statements;
        }

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

        SettingRows.Change(statements, id, before?.Settings, after.Settings, kinds);

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

        return statements;
    }

    /// <summary>Every tenant, with its versions and photos, and the clock: what a fresh database, a reset or an import stores.</summary>
    public static List<Statement> Whole(IEnumerable<TenantState> tenants, TimeSpan globalClockOffset, SettingKinds kinds)
    {
        List<Statement> statements = [];
        foreach (var tenant in tenants)
        {
            statements.Add(TenantRow(tenant));
            HistoryChange(statements, tenant.Tenant.Id.ToString(), null, tenant.History);
            SettingRows.Change(statements, tenant.Tenant.Id.ToString(), null, tenant.Settings, kinds);
            statements.AddRange(tenant.Photos.Select(p => PhotoRow(tenant.Tenant.Id, p.Key, p.Value)));
        }

        statements.Add(Clock(globalClockOffset));
        return statements;
    }

    /// <summary>A reset or an import: the old rows go, the new come, in one transaction.</summary>
    public static List<Statement> Replacement(IEnumerable<TenantState> tenants, TimeSpan globalClockOffset, SettingKinds kinds) =>
        [new("DELETE FROM tenants;"), new("DELETE FROM versions;"), new("DELETE FROM settings_versions;"), new("DELETE FROM settings_superseded;"),
            new("DELETE FROM photos;"), .. Whole(tenants, globalClockOffset, kinds), DropOrphanSizes];

    public static Statement Clock(TimeSpan globalClockOffset) =>
        new("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v);", ("$k", ClockKey), ("$v", globalClockOffset.Ticks));

    /// <summary>The tenant row: its directory as a tenants-file document, and its counters.</summary>
    public static Statement TenantRow(TenantState state) =>
        new("INSERT OR REPLACE INTO tenants (id, document, change_count, superseded, clock_offset_ticks) VALUES ($id, $doc, $c, $s, $o);",
            ("$id", state.Tenant.Id.ToString()), ("$doc", JsonSerializer.Serialize(TenantDocument.From(state.Tenant), EmulatorJsonContext.Default.TenantDocument)),
            ("$c", state.ChangeCount), ("$s", state.History.Superseded), ("$o", state.ClockOffset.Ticks));

    /// <summary>
    /// Brings a tenant's version rows from <paramref name="before"/> to <paramref name="after"/>: the rows
    /// the write pruned or superseded go, the versions it added come. Sequence numbers only grow along a
    /// history, so a write that added versions added those above the newest stored before it; a history
    /// whose newest is older than before's (a reset) replaces the rows.
    /// </summary>
    public static void HistoryChange(List<Statement> statements, string tenantId, SettingHistory<PhotoUpdateSettings>? before, SettingHistory<PhotoUpdateSettings> after)
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
                ("$t", tenantId), ("$q", version.Sequence), ("$s", value.Source ?? ""), ("$r", string.Join(',', value.AllowedRoles!)),
                ("$a", version.RequestedAt.UtcTicks), ("$ao", (int)version.RequestedAt.Offset.TotalMinutes),
                ("$e", version.EffectiveAt.UtcTicks), ("$eo", (int)version.EffectiveAt.Offset.TotalMinutes)));
        }
    }

    private static Statement PhotoRow(Guid tenantId, Guid userId, UserPhoto photo) =>
        new("INSERT OR REPLACE INTO photos (tenant_id, user_id, content_type, width, height, etag, content) VALUES ($t, $u, $c, $w, $h, $e, $b);",
            ("$t", tenantId.ToString()), ("$u", userId.ToString()), ("$c", photo.ContentType), ("$w", photo.Width), ("$h", photo.Height), ("$e", photo.ETag), ("$b", photo.Content));

    /// <summary>A photo's sizes go with the last stored photo that has its bytes.</summary>
    private static Statement DropSizesOf(string photoETag) =>
        new("DELETE FROM photo_sizes WHERE etag = $e AND NOT EXISTS (SELECT 1 FROM photos WHERE etag = $e);", ("$e", photoETag));
}
