using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;
using PhotoUpdateSettingsEngine = PhotoSettings.Emulator.Settings.SettingEngine<PhotoSettings.Emulator.Tenants.PhotoUpdateSettings, PhotoSettings.Emulator.Settings.SettingsRequest>;

namespace PhotoSettings.Emulator.Control;

/// <summary>
/// Who may change their own photo, now and once the pending settings changes mature: the question the
/// console's matrix answers, scriptable like everything the console shows. Judged by <see cref="PhotoWriteRule"/>,
/// the rule the photo endpoints apply.
/// </summary>
public static partial class ControlApi
{
    /// <summary>How many verdict changes one user's row lists (a tenant may hold thousands of pending changes).</summary>
    public const int MaxAccessChanges = 100;

    private static void MapPhotoAccess(RouteGroupBuilder tenants)
    {
        tenants.MapGet("/{tenantId}/photoAccess", GetPhotoAccess).WithTags("Photo access")
            .WithName("GetPhotoAccess").WithSummary("Who may change their photo, now and after the pending changes")
            .WithDescription("For each user of the tenant: whether the settings in effect at the tenant's now let them update their own photo "
                + "(signed in, with the roles the directory gives them), whether the settings will once every pending change has matured, "
                + "and when each pending change turns that answer over. Applications are listed apart: allowedRoles does not restrict them, "
                + "onPremises does. The verdict is allowed, managedOnPremises or roleRequired, by the rule the photo endpoints apply.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<PhotoAccessView>, ControlProblem>> GetPhotoAccess(
        string tenantId, TenantService tenants, EmulatorClock clock, RoleCatalog catalog, PhotoUpdateSettingsEngine settings)
    {
        if (await LookupAsync(tenantId, tenants) is not { } state)
        {
            return Missing(tenantId);
        }

        var tenant = state.Tenant;
        var now = clock.Now(state);
        var history = settings.HistoryOf(state);
        var effective = history.EffectiveAt(now);
        var pending = history.Pending(now);
        var users = tenant.Users.Select(user =>
        {
            var verdict = PhotoWriteRule.Judge(effective, delegated: true, user.Roles);
            var changes = Changes(effective, pending, settings => PhotoWriteRule.Judge(settings, delegated: true, user.Roles));
            state.Photos.TryGetValue(user.Id, out var photo);
            return new UserPhotoAccess(user.Id, user.UserPrincipalName, user.DisplayName, user.Roles, photo?.ETag, verdict,
                changes.Count > 0 ? changes[^1].Verdict : verdict, changes);
        }).ToArray();
        var applications = tenant.Applications.Select(app =>
        {
            var changes = Changes(effective, pending, settings => PhotoWriteRule.Judge(settings, delegated: false, []));
            var verdict = PhotoWriteRule.Judge(effective, delegated: false, []);
            return new ApplicationPhotoAccess(app.AppId, app.DisplayName, verdict, changes.Count > 0 ? changes[^1].Verdict : verdict, changes);
        }).ToArray();

        var mentioned = tenant.Users.SelectMany(u => u.Roles)
            .Concat(effective.AllowedRoles)
            .Concat(pending.SelectMany(v => v.Settings.AllowedRoles))
            .Concat(history.Configured.AllowedRoles)
            .Distinct();
        var roleNames = new Dictionary<string, string>();
        foreach (var role in mentioned)
        {
            if (Guid.TryParse(role, out var id) && (catalog.DisplayName(id) ?? tenant.CustomRoles.FirstOrDefault(r => r.Id == id)?.DisplayName) is { } name)
            {
                roleNames[role] = name;
            }
        }

        return TypedResults.Ok(new PhotoAccessView(
            tenant.Id, now, SettingsView.From(history.Configured), SettingsView.From(effective), pending.Count > 0 ? pending[^1].EffectiveAt : null, users, applications, roleNames));
    }

    /// <summary>The pending changes that turn the verdict over, in the order they mature.</summary>
    private static List<PhotoAccessChange> Changes(PhotoUpdateSettings effective, IReadOnlyList<SettingVersion<PhotoUpdateSettings>> pending, Func<PhotoUpdateSettings, PhotoWriteVerdict> judge)
    {
        var changes = new List<PhotoAccessChange>();
        var current = judge(effective);
        foreach (var version in pending)
        {
            var next = judge(version.Settings);
            if (next != current)
            {
                if (changes.Count == MaxAccessChanges)
                {
                    break;
                }

                changes.Add(new PhotoAccessChange(version.EffectiveAt, next));
                current = next;
            }
        }

        return changes;
    }
}

/// <summary>
/// Who may change photos in one tenant: <c>now</c> is the tenant's clock, <c>configured</c> and <c>effective</c> the settings
/// judged, <c>settledAt</c> when its last pending change matures (absent when none is pending), <c>roleNames</c> the display
/// names of every role mentioned.
/// </summary>
public sealed record PhotoAccessView(
    Guid TenantId,
    DateTimeOffset Now,
    SettingsView Configured,
    SettingsView Effective,
    DateTimeOffset? SettledAt,
    IReadOnlyList<UserPhotoAccess> Users,
    IReadOnlyList<ApplicationPhotoAccess> Applications,
    IReadOnlyDictionary<string, string> RoleNames);

/// <summary>
/// One user: <c>now</c> and <c>after</c> (once every pending change has matured) are verdicts; <c>changes</c> lists when
/// the verdict turns over; <c>photoETag</c> is present when the user has a photo.
/// </summary>
public sealed record UserPhotoAccess(
    Guid Id,
    string UserPrincipalName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    string? PhotoETag,
    PhotoWriteVerdict Now,
    PhotoWriteVerdict After,
    IReadOnlyList<PhotoAccessChange> Changes);

/// <summary>A registered application, judged as an application token writing any user's photo.</summary>
public sealed record ApplicationPhotoAccess(
    string AppId,
    string DisplayName,
    PhotoWriteVerdict Now,
    PhotoWriteVerdict After,
    IReadOnlyList<PhotoAccessChange> Changes);

/// <summary>At <c>at</c> (a pending change's effectiveAt) the verdict becomes <c>verdict</c>.</summary>
public sealed record PhotoAccessChange(DateTimeOffset At, PhotoWriteVerdict Verdict);
