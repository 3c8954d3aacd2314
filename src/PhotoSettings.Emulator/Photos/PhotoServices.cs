using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PhotoSettings.Emulator.Photos;

public static class PhotoServices
{
    /// <summary>User photos: the service that judges writes against the settings in effect, and the resized sizes.</summary>
    public static IServiceCollection AddUserPhotos(this IServiceCollection services)
    {
        services.AddSingleton<PhotoService>();
        services.AddSingleton<PhotoSizes>();

        // Sizes are kept where the photos are: a store that keeps photos across restarts registers its own.
        services.TryAddSingleton<IPhotoSizeStore, UnkeptPhotoSizes>();
        return services;
    }
}
