namespace PhotoSettings.Emulator.Graph;

/// <summary>Which error dialect a path speaks: Graph's envelope, or the control API's ProblemDetails.</summary>
public static class GraphSurface
{
    public static readonly string[] Versions = ["beta", "v1.0"];

    public const string ControlPrefix = "/_emulator";

    public static bool IsGraphPath(PathString path) =>
        path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase);

    public static bool IsControlPath(PathString path) =>
        path.StartsWithSegments(ControlPrefix, StringComparison.OrdinalIgnoreCase);
}
