using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// The one place that writes the control API's error dialect, RFC 9457 ProblemDetails
/// (<c>application/problem+json</c>), as <see cref="GraphError"/> is for Graph's envelope. Control handlers
/// return it through <c>Results&lt;…&gt;</c>; the middleware and the fallback execute it for non-Graph paths,
/// which is why it lives beside <see cref="GraphError"/> rather than in the control API.
/// </summary>
public sealed class ControlProblem : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "application/problem+json";

    private readonly IResult _inner;

    private ControlProblem(int statusCode, string detail, IResult inner)
    {
        StatusCode = statusCode;
        Detail = detail;
        _inner = inner;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string Detail { get; }

    /// <summary>Headers that belong to this answer, such as <c>Allow</c> on a 405.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private init; } = [];

    public static ControlProblem Create(int statusCode, string detail) =>
        new(statusCode, detail, TypedResults.Problem(statusCode: statusCode, detail: detail));

    public static ControlProblem BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, detail);

    public static ControlProblem NotFound(string detail) => Create(StatusCodes.Status404NotFound, detail);

    public static ControlProblem Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, detail);

    /// <summary>400 listing every problem under its JSON path (a validation problem).</summary>
    public static ControlProblem Invalid(IEnumerable<(string Path, string Message)> problems)
    {
        const string detail = "The request has problems; each is listed under its JSON path.";
        var errors = problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        return new(StatusCodes.Status400BadRequest, detail, TypedResults.ValidationProblem(errors, detail: detail));
    }

    /// <summary>400 listing every validator failure under its JSON path.</summary>
    public static ControlProblem Invalid(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        Invalid(failures.Select(f => (f.PropertyName, f.ErrorMessage)));

    /// <summary>A refused body in ProblemDetails: its status (400, 413 or 415) and its message.</summary>
    public static ControlProblem From(BodyProblem problem) => Create(problem.StatusCode, problem.Message);

    public ControlProblem WithHeader(string name, string value) =>
        new(StatusCode, Detail, _inner) { Headers = [.. Headers, new(name, value)] };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return _inner.ExecuteAsync(httpContext);
    }

    /// <summary>
    /// Every control route can answer 401 (the API key's filter); the statuses a route refuses with besides are
    /// declared on the route (<c>ProducesProblem</c>), and a test holds each answer to the document.
    /// </summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), [MediaType]));
}
