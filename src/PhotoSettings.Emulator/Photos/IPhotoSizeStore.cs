namespace PhotoSettings.Emulator.Photos;

/// <summary>
/// Where sizes are kept across restarts: a durable tenant store keeps them beside the photos, keyed by the
/// photo's content ETag, and drops them with the last photo that has those bytes.
/// </summary>
public interface IPhotoSizeStore
{
    /// <summary>The kept JPEG of <paramref name="side"/> for the photo with <paramref name="photoETag"/>, if one was kept.</summary>
    byte[]? FindSize(string photoETag, int side);

    /// <summary>
    /// Keeps a size made for a stored photo (a photo no longer stored keeps nothing); completes once it is kept, or
    /// could not be (a size not kept is made again), and never faults.
    /// </summary>
    Task KeepSizeAsync(string photoETag, int side, byte[] content);
}

/// <summary>The in-memory store's: sizes live only in <see cref="PhotoSizes"/>'s own cache.</summary>
public sealed class UnkeptPhotoSizes : IPhotoSizeStore
{
    public byte[]? FindSize(string photoETag, int side) => null;

    public Task KeepSizeAsync(string photoETag, int side, byte[] content) => Task.CompletedTask;
}
