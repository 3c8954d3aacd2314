namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Graph's error codes and message wording, kept together so every surface says the same thing the
/// same way. The README's error table is written from this file.
/// </summary>
public static class GraphErrors
{
    public const string BadRequestCode = "BadRequest";
    public const string NotFoundCode = "itemNotFound";
    public const string MethodNotAllowedCode = "notSupported";
    public const string TooLargeCode = "RequestEntityTooLarge";
    public const string UnsupportedMediaTypeCode = "UnsupportedMediaType";
    public const string GeneralExceptionCode = "generalException";

    public static GraphError BadRequest(string message) =>
        GraphError.Create(StatusCodes.Status400BadRequest, BadRequestCode, message);

    public static GraphError SegmentNotFound(string segment) =>
        BadRequest($"Resource not found for the segment '{segment}'.");

    public static GraphError PropertyNotOnType(string property, string type) =>
        BadRequest($"The property '{property}' does not exist on type '{type}'. Make sure to only use property names that are defined by the type.");

    public static GraphError NotFound(string message) =>
        GraphError.Create(StatusCodes.Status404NotFound, NotFoundCode, message);

    public static GraphError MethodNotAllowed(string method, string path, IReadOnlyCollection<string> allowed) =>
        GraphError.Create(
                StatusCodes.Status405MethodNotAllowed,
                MethodNotAllowedCode,
                $"The HTTP method '{method}' is not allowed on '{path}'. Allowed: {string.Join(", ", allowed)}.")
            .WithHeader("Allow", string.Join(", ", allowed));

    public static GraphError BodyTooLarge(long limitBytes) =>
        GraphError.Create(
            StatusCodes.Status413PayloadTooLarge,
            TooLargeCode,
            $"The request body is larger than the {limitBytes / 1024} KiB this resource accepts.");

    public static GraphError UnsupportedMediaType(string? contentType, string expected) =>
        GraphError.Create(
            StatusCodes.Status415UnsupportedMediaType,
            UnsupportedMediaTypeCode,
            $"The content type '{contentType}' is not supported here; send {expected}.");

    public static GraphError Unexpected() =>
        GraphError.Create(
            StatusCodes.Status500InternalServerError,
            GeneralExceptionCode,
            "An unexpected error occurred in the emulator. Its log has the details under this request-id.");
}
