using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Photos;

/// <summary>The answer to a photo operation: the user and their photo, or why not (the API words it as Graph does).</summary>
public sealed record PhotoOutcome(TenantUser? User, UserPhoto? Photo, DomainError? Error);

/// <summary>
/// User photos and the place photoUpdateSettings take effect: every write is judged against the
/// settings in effect at the tenant's current (emulated) time, not the ones just configured.
/// </summary>
public sealed class PhotoService(ITenantStore store, EmulatorClock clock, PermissionChecker permissions)
{
    /// <summary>Reading needs only a user-reading permission; the settings never block reads.</summary>
    public async ValueTask<PhotoOutcome> ReadAsync(GraphCaller caller, string? userKey)
    {
        if (permissions.Check(caller, GraphPermissionRequirement.ReadPhoto) is { } denied)
        {
            return new(null, null, denied);
        }

        var state = await store.FindAsync(caller.TenantId);
        var (user, error) = state is null ? (null, TenantGone()) : FindUser(state, caller, userKey);
        if (error is not null)
        {
            return new(null, null, error);
        }

        return state!.Photos.TryGetValue(user!.Id, out var photo)
            ? new(user, photo, null)
            : new(user, null, PhotoNotFound());
    }

    /// <summary>Checks a write before its body is read: target, permission, effective settings.</summary>
    public async ValueTask<DomainError?> CheckWriteAsync(GraphCaller caller, string? userKey) =>
        await store.FindAsync(caller.TenantId) is { } state
            ? WriteDenied(state, caller, userKey).Error
            : TenantGone();

    /// <summary>Stores (or with a null upload, removes) the photo, re-checking under the tenant's lock.</summary>
    public async ValueTask<PhotoOutcome> WriteAsync(GraphCaller caller, string? userKey, ImageUpload? upload)
    {
        DomainError? error = null;
        TenantUser? user = null;
        var state = await store.UpdateAsync(caller.TenantId, current =>
        {
            (user, error) = WriteDenied(current, caller, userKey);
            if (error is not null)
            {
                return current;
            }

            if (upload is null)
            {
                if (!current.Photos.ContainsKey(user!.Id))
                {
                    error = PhotoNotFound();
                    return current;
                }

                return current with { Photos = current.Photos.Remove(user.Id) };
            }

            var photo = new UserPhoto(upload.Content, upload.ContentType, upload.Width, upload.Height, upload.ETag);
            return current with { Photos = current.Photos.SetItem(user!.Id, photo) };
        });

        if (state is null)
        {
            return new(null, null, TenantGone());
        }

        return error is not null ? new(null, null, error) : new(user, state.Photos.GetValueOrDefault(user!.Id), null);
    }

    private (TenantUser? User, DomainError? Error) WriteDenied(TenantState state, GraphCaller caller, string? userKey)
    {
        var (user, error) = FindUser(state, caller, userKey);
        if (error is not null)
        {
            return (null, error);
        }

        var own = caller.IsDelegated && caller.ObjectId == user!.Id;
        if (permissions.Check(caller, own ? GraphPermissionRequirement.WriteOwnPhoto : GraphPermissionRequirement.WriteAnyPhoto) is { } denied)
        {
            return (null, denied);
        }

        var effective = state.EffectiveAt(clock.Now(state));
        switch (PhotoWriteRule.Judge(effective, caller.IsDelegated, caller.RoleIds))
        {
            case PhotoWriteVerdict.ManagedOnPremises:
                return (null, new DomainError(DomainErrorKind.PolicyDenied,
                    "Profile photos in this tenant are managed on-premises (photoUpdateSettings source 'onPremises' is in effect), "
                    + "so updates through cloud services are disabled for admins and users alike."));
            case PhotoWriteVerdict.RoleRequired:
                return (null, new DomainError(DomainErrorKind.PolicyDenied,
                    "photoUpdateSettings in effect allow only holders of these roles to update profile photos: "
                    + permissions.RoleNames(effective.AllowedRoles) + ". The signed-in user holds none of them."));
        }

        return (user, null);
    }

    /// <summary><c>/users/{id | userPrincipalName}</c>, or <c>/me</c> (null key) for a signed-in user.</summary>
    private static (TenantUser? User, DomainError? Error) FindUser(TenantState state, GraphCaller caller, string? userKey)
    {
        if (userKey is null)
        {
            if (!caller.IsDelegated)
            {
                return (null, DomainError.Invalid("/me request is only valid with delegated authentication flow."));
            }

            return caller.ObjectId is { } self && state.Tenant.Users.FirstOrDefault(u => u.Id == self) is { } me
                ? (me, null)
                : (null, UserNotFound(caller.ObjectId?.ToString() ?? "me"));
        }

        return state.Tenant.FindUser(userKey) is { } user ? (user, null) : (null, UserNotFound(userKey));
    }

    private static DomainError PhotoNotFound() => new(DomainErrorKind.PhotoNotFound, "The user has no profile photo.");

    private static DomainError UserNotFound(string key) => new(DomainErrorKind.UserNotFound, GraphErrors.ResourceNotFoundMessage(key));

    private static DomainError TenantGone() => DomainError.NotFound("The caller's tenant no longer exists.");
}
