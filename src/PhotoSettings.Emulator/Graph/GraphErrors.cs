using PhotoSettings.Emulator.Primitives;

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

    /// <summary>Graph's documented code for "the specified item name already exists" (409).</summary>
    public const string ConflictCode = "nameAlreadyExists";
    public const string TooLargeCode = "RequestEntityTooLarge";
    public const string UnsupportedMediaTypeCode = "UnsupportedMediaType";
    public const string GeneralExceptionCode = "generalException";
    public const string UnauthorizedCode = "InvalidAuthenticationToken";
    public const string ForbiddenCode = "Authorization_RequestDenied";
    public const string ForbiddenMessage = "Insufficient privileges to complete the operation.";

    /// <summary>401, with the WWW-Authenticate challenge Graph sends (RFC 6750's error only when a token was sent).</summary>
    public static GraphError Unauthorized(string message, bool tokenSent)
    {
        var challenge = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
        if (tokenSent)
        {
            challenge += ", error=\"invalid_token\"";
        }

        return GraphError.Create(StatusCodes.Status401Unauthorized, UnauthorizedCode, message).WithHeader("WWW-Authenticate", challenge);
    }

    /// <summary>An error a fault rule injects, worded as Graph words it, with Retry-After where given.</summary>
    public static GraphError Injected(int status, int? retryAfterSeconds)
    {
        var error = status switch
        {
            429 => GraphError.Create(status, "TooManyRequests", "Too many requests: the application or tenant is being throttled. Retry after the time given in the Retry-After header."),
            503 => GraphError.Create(status, "serviceNotAvailable", "The service is temporarily unavailable. You may repeat the request after a delay, which may be given in the Retry-After header."),
            502 => GraphError.Create(status, "BadGateway", "The gateway received an invalid response from the service."),
            504 => GraphError.Create(status, "GatewayTimeout", "The gateway did not get a response from the service in time."),
            _ => GraphError.Create(status, GeneralExceptionCode, "General exception while processing."),
        };
        return retryAfterSeconds is { } seconds
            ? error.WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : error;
    }

    /// <summary>Graph's words for a user id or userPrincipalName that names nobody.</summary>
    public static string ResourceNotFoundMessage(string key) =>
        $"Resource '{ClientText.Clip(key)}' does not exist or one of its queried reference-property objects are not present.";

    public const string ImageNotFoundCode = "ImageNotFound";

    /// <summary>
    /// The one place a service's <see cref="DomainError"/> becomes Graph's envelope: its kind decides status and
    /// code, its message is the message, and several problems go in <c>details</c>.
    /// </summary>
    public static GraphError From(DomainError error)
    {
        var graph = error.Kind switch
        {
            DomainErrorKind.NotFound => NotFound(error.Message),
            DomainErrorKind.UserNotFound => GraphError.Create(StatusCodes.Status404NotFound, "Request_ResourceNotFound", error.Message),
            DomainErrorKind.PhotoNotFound => GraphError.Create(StatusCodes.Status404NotFound, ImageNotFoundCode, error.Message),
            DomainErrorKind.PermissionDenied => Forbidden(error.Message),
            DomainErrorKind.Conflict => GraphError.Create(StatusCodes.Status409Conflict, ConflictCode, error.Message),
            DomainErrorKind.PolicyDenied => PhotoUpdatesBlocked(error.Message),
            _ => BadRequest(error.Message),
        };
        return error.Problems.Count > 1
            ? graph.WithDetails([.. error.Problems.Select(p => new GraphErrorDetail(graph.Code, p.Message, p.Target))])
            : graph;
    }

    /// <summary>A refused body in Graph's words: 415, 413 or 400 with the body's own message.</summary>
    public static GraphError From(BodyProblem problem) => problem.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => GraphError.Create(problem.StatusCode, UnsupportedMediaTypeCode, problem.Message),
        StatusCodes.Status413PayloadTooLarge => GraphError.Create(problem.StatusCode, TooLargeCode, problem.Message),
        _ => BadRequest(problem.Message),
    };

    /// <summary>403 for a photo write that the photoUpdateSettings in effect do not allow.</summary>
    public static GraphError PhotoUpdatesBlocked(string message) =>
        GraphError.Create(StatusCodes.Status403Forbidden, "accessDenied", message);

    /// <summary>403 in Graph's words; why exactly is in <c>details</c>.</summary>
    public static GraphError Forbidden(string reason) =>
        GraphError.Create(StatusCodes.Status403Forbidden, ForbiddenCode, ForbiddenMessage)
            .WithDetails([new GraphErrorDetail(ForbiddenCode, reason, null)]);

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

    public static GraphError BodyTooLarge(long limitBytes) => From(BodyProblem.TooLarge(limitBytes));

    public static GraphError UnsupportedMediaType(string? contentType, string expected) =>
        From(BodyProblem.UnsupportedMediaType(contentType, expected));

    public static GraphError Unexpected() =>
        GraphError.Create(
            StatusCodes.Status500InternalServerError,
            GeneralExceptionCode,
            "An unexpected error occurred in the emulator. Its log has the details under this request-id.");
}
