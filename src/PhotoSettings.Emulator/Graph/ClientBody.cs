namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Reads from a request body. Kestrel reports most malformed framing as <see cref="BadHttpRequestException"/>,
/// but a chunk size that overflows surfaces as a plain <see cref="IOException"/>; either way it is the
/// client's input, so it becomes the 400 that <see cref="GraphConventionsMiddleware"/> answers in the path's dialect.
/// </summary>
public static class ClientBody
{
    public static async ValueTask<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new BadHttpRequestException(ex.Message, StatusCodes.Status400BadRequest, ex);
        }
    }
}
