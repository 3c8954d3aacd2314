using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Graph;

/// <summary>The Graph permissions (scopes and app roles) the emulator understands.</summary>
public static class GraphPermissions
{
    public const string PeopleSettingsRead = "PeopleSettings.Read.All";
    public const string PeopleSettingsReadWrite = "PeopleSettings.ReadWrite.All";
    public const string UserReadWrite = "User.ReadWrite";
    public const string UserReadWriteAll = "User.ReadWrite.All";
    public const string ProfilePhotoReadWriteAll = "ProfilePhoto.ReadWrite.All";
    public const string ProfilePhotoReadAll = "ProfilePhoto.Read.All";
    public const string UserRead = "User.Read";
    public const string UserReadBasicAll = "User.ReadBasic.All";
    public const string UserReadAll = "User.Read.All";

    /// <summary>What a token gets when its request names no scopes or roles.</summary>
    public static readonly string[] All = [PeopleSettingsReadWrite, ProfilePhotoReadWriteAll, UserReadWriteAll];
}

/// <summary>
/// What an endpoint demands of a caller: one of the permissions, and for a delegated caller also
/// one of the Entra roles (template ids in <c>wids</c>).
/// </summary>
public sealed record GraphPermissionRequirement(IReadOnlyList<string> AnyPermission, IReadOnlyList<string> DelegatedRoles)
{
    /// <summary>True where Graph's permission table says "Application: Not supported": an app-only token is refused whatever it grants.</summary>
    public bool DelegatedOnly { get; init; }

    /// <summary>GET settings. Global Reader may read too (a documented choice).</summary>
    public static readonly GraphPermissionRequirement ReadSettings = new(
        [GraphPermissions.PeopleSettingsRead, GraphPermissions.PeopleSettingsReadWrite],
        [RoleCatalog.PeopleAdministrator, RoleCatalog.GlobalAdministrator, RoleCatalog.GlobalReader]);

    /// <summary>PATCH, POST, DELETE settings.</summary>
    public static readonly GraphPermissionRequirement WriteSettings = new(
        [GraphPermissions.PeopleSettingsReadWrite],
        [RoleCatalog.PeopleAdministrator, RoleCatalog.GlobalAdministrator]);

    /// <summary>Reading any user's photo in the tenant (a documented choice: any user-reading permission).</summary>
    public static readonly GraphPermissionRequirement ReadPhoto = new(
        [GraphPermissions.UserRead, GraphPermissions.UserReadBasicAll, GraphPermissions.UserReadAll, GraphPermissions.UserReadWrite,
         GraphPermissions.UserReadWriteAll, GraphPermissions.ProfilePhotoReadAll, GraphPermissions.ProfilePhotoReadWriteAll],
        []);

    /// <summary>A signed-in user changing their own photo: User.ReadWrite or higher.</summary>
    public static readonly GraphPermissionRequirement WriteOwnPhoto = new(
        [GraphPermissions.UserReadWrite, GraphPermissions.UserReadWriteAll, GraphPermissions.ProfilePhotoReadWriteAll],
        []);

    /// <summary>Changing another user's photo: the .All permissions, and for a signed-in user an admin role.</summary>
    public static readonly GraphPermissionRequirement WriteAnyPhoto = new(
        [GraphPermissions.ProfilePhotoReadWriteAll, GraphPermissions.UserReadWriteAll],
        [RoleCatalog.UserAdministrator, RoleCatalog.GlobalAdministrator, RoleCatalog.PeopleAdministrator]);
}
