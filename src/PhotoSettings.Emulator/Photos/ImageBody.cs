using Microsoft.Net.Http.Headers;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Photos;

/// <summary>
/// Reads a photo upload and judges it with <see cref="ImageContent"/>. A client that declares no type, or
/// <c>application/octet-stream</c> (as the Graph SDKs do for streams), is judged by the signature.
/// </summary>
public static class ImageBody
{
    public const string Jpeg = ImageContent.Jpeg;
    public const string Png = ImageContent.Png;

    public static async Task<(ImageUpload? Image, BodyProblem? Problem)> ReadAsync(HttpRequest request)
    {
        var declared = Declared(request.ContentType);
        if (declared is null)
        {
            return (null, BodyProblem.UnsupportedMediaType(
                $"The content type '{ClientText.Clip(request.ContentType)}' is not supported for profile photos; send image/jpeg or image/png."));
        }

        if (request.ContentLength > ImageContent.MaxBytes)
        {
            return (null, ImageContent.TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ClientBody.ReadAsync(request.Body, chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ImageContent.MaxBytes)
            {
                return (null, ImageContent.TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        return ImageContent.Inspect(buffer.ToArray(), declared);
    }

    /// <summary>The declared image type; "" for "look at the content"; null for a type photos cannot have.</summary>
    private static string? Declared(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            Jpeg or "image/jpg" or "image/pjpeg" => Jpeg,
            Png => Png,
            "application/octet-stream" => "",
            _ => null,
        };
    }
}
