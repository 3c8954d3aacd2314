namespace PhotoSettings.Emulator.Photos;

public static class PhotoServices
{
    /// <summary>User photos: the service that judges writes against the settings in effect, and the resized sizes.</summary>
    public static IServiceCollection AddUserPhotos(this IServiceCollection services)
    {
        services.AddSingleton<PhotoService>();
        services.AddSingleton<PhotoSizes>();
        return services;
    }
}
