using System.Text.Json.Serialization;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>Why the settings in effect allow or block a photo write.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PhotoWriteVerdict>))]
public enum PhotoWriteVerdict
{
    /// <summary>The settings let this writer change photos.</summary>
    [JsonStringEnumMemberName("allowed")]
    Allowed,

    /// <summary><c>source</c> is <c>onPremises</c>: cloud writes are disabled for admins, users and applications alike.</summary>
    [JsonStringEnumMemberName("managedOnPremises")]
    ManagedOnPremises,

    /// <summary><c>allowedRoles</c> is set and the signed-in writer holds none of those roles.</summary>
    [JsonStringEnumMemberName("roleRequired")]
    RoleRequired,
}

/// <summary>
/// The one rule by which photoUpdateSettings judge a photo write, used by the photo endpoints and by the
/// control API's who-may-change view, so the two can never disagree: <c>onPremises</c> blocks every cloud
/// write; a non-empty <c>allowedRoles</c> blocks a signed-in (delegated) writer holding none of the roles;
/// an application is not a role holder, so <c>allowedRoles</c> does not restrict it. An unset (null) source,
/// Graph's default, takes photos from the cloud and from on-premises alike, so a cloud write is judged as
/// under <c>cloud</c> (the emulator has no on-premises side to write from; directory sync is not emulated).
/// </summary>
public static class PhotoWriteRule
{
    /// <param name="settings">The settings in effect at the moment of the write.</param>
    /// <param name="delegated">True for a signed-in user, false for an application.</param>
    /// <param name="roleIds">The writer's Entra role ids (lower-case GUID strings), as in a token's <c>wids</c>.</param>
    public static PhotoWriteVerdict Judge(PhotoUpdateSettings settings, bool delegated, IReadOnlyCollection<string> roleIds)
    {
        if (settings.Source == PhotoUpdateSource.OnPremises)
        {
            return PhotoWriteVerdict.ManagedOnPremises;
        }

        return !settings.AllowedRoles.IsEmpty && delegated && !settings.AllowedRoles.Any(roleIds.Contains)
            ? PhotoWriteVerdict.RoleRequired
            : PhotoWriteVerdict.Allowed;
    }
}
