using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Control;

/// <summary>Reads a control API body into its request type, refusing it with ProblemDetails.</summary>
public static class ControlJson
{
    public const int MaxBodyBytes = 1024 * 1024;

    // Control bodies are deserialised straight from their bytes (no JsonDocument), duplicates refused as everywhere.
    private static readonly JsonSerializerOptions Strict = new(EmulatorJsonContext.Default.Options) { AllowDuplicateProperties = false };

    public static async Task<(T? Value, ControlProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int limitBytes = MaxBodyBytes)
        where T : class
    {
        var strict = (JsonTypeInfo<T>)Strict.GetTypeInfo(typeInfo.Type);
        var (value, problem) = await JsonBody.DeserializeObjectAsync(request, limitBytes, strict);
        return problem is null ? (value, null) : (null, ControlProblem.From(problem));
    }
}
