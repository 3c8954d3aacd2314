using System.Net.Http.Headers;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Real image files (made with ImageMagick) and bodies built from them.</summary>
public static class Photos
{
    public static readonly byte[] Jpeg48x32 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-48x32.jpg"));
    public static readonly byte[] Png64x40 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-64x40.png"));

    public static ByteArrayContent Body(byte[] bytes, string? contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    public static string PathOf(string user, string version = "beta") =>
        user == "me" ? $"/{version}/me/photo" : $"/{version}/users/{user}/photo";
}
