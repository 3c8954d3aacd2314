using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Control;

/// <summary>Reads a control API body into its request type, refusing it with ProblemDetails.</summary>
public static class ControlJson
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int limitBytes = MaxBodyBytes)
        where T : class
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(request, limitBytes);
        if (problem is not null)
        {
            return (null, problem.ToProblem());
        }

        using (document)
        {
            try
            {
                return (document!.RootElement.Deserialize(typeInfo), null);
            }
            catch (JsonException ex)
            {
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The request body does not fit: " + ex.Message));
            }
        }
    }

    /// <summary>400 listing every problem by its JSON path.</summary>
    public static IResult Invalid(IEnumerable<FluentValidation.Results.ValidationFailure> failures) =>
        TypedResults.ValidationProblem(
            failures.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray()),
            detail: "The request has problems; each is listed under its JSON path.");

    public static IResult NotFound(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: detail);

    public static IResult BadRequest(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: detail);
}
