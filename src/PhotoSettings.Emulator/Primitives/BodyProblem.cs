namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Why a request body was refused: the status and the message, in neither error dialect. The Graph surface
/// words it with <c>GraphErrors.From</c>, the control API with <c>ControlProblem.From</c>.
/// </summary>
public sealed record BodyProblem(int StatusCode, string Message)
{
    public static BodyProblem Invalid(string message) => new(StatusCodes.Status400BadRequest, message);

    public static BodyProblem TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);

    /// <summary>A body over the resource's limit.</summary>
    public static BodyProblem TooLarge(long limitBytes) =>
        TooLarge($"The request body is larger than the {limitBytes / 1024} KiB this resource accepts.");

    public static BodyProblem UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, message);

    /// <summary>A content type the resource does not read.</summary>
    public static BodyProblem UnsupportedMediaType(string? contentType, string expected) =>
        UnsupportedMediaType($"The content type '{contentType}' is not supported here; send {expected}.");
}
