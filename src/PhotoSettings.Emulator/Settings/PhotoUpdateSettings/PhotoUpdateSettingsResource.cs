using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// The wire form of <c>microsoft.graph.photoUpdateSettings</c>, as Graph answers it: <c>@odata.context</c>,
/// <c>source</c> (null when unset, and then written as null) and <c>allowedRoles</c>. <c>id</c> belongs to the
/// type (it derives from <c>entity</c>, so the OpenAPI schema lists it) but Graph's answer carries none
/// (docs/choices.md, "photoUpdateSettings' default"), so it is never written. Properties left out by
/// <c>$select</c> are not written.
/// </summary>
public sealed record PhotoUpdateSettingsResource(
    [property: JsonPropertyName("@odata.context")] string ODataContext,
    string? Id,
    PhotoUpdateSource? Source,
    IReadOnlyList<string>? AllowedRoles)
{
    public const string TypeName = "microsoft.graph.photoUpdateSettings";
    public const string EntitySetPath = "admin/people/photoUpdateSettings";

    /// <summary>The properties <c>$select</c> may name, in Graph's casing.</summary>
    public static readonly string[] Properties = ["id", "source", "allowedRoles"];

    /// <summary>
    /// The wire options, except that <c>source</c> is written whenever it was selected, null included: the
    /// context leaves nulls out, which is right for properties <c>$select</c> dropped and wrong for an unset source.
    /// </summary>
    public static JsonTypeInfo<PhotoUpdateSettingsResource> Wire { get; } = CreateWire();

    /// <summary>Whether <c>source</c> is written (selected), whatever its value.</summary>
    [JsonIgnore]
    public bool WritesSource { get; init; }

    public static PhotoUpdateSettingsResource From(TenantState state, HttpRequest request, IReadOnlyList<string>? select)
    {
        bool Wants(string property) => select is null || select.Contains(property);
        var projection = select is null ? "" : $"({string.Join(',', select)})";
        var context = $"{request.Scheme}://{request.Host}/beta/$metadata#{EntitySetPath}{projection}/$entity";
        var settings = state.Configured;
        return new PhotoUpdateSettingsResource(
            context,
            null,
            Wants("source") ? settings.Source : null,
            Wants("allowedRoles") ? settings.AllowedRoles : null)
        {
            WritesSource = Wants("source"),
        };
    }

    private static JsonTypeInfo<PhotoUpdateSettingsResource> CreateWire()
    {
        var options = new JsonSerializerOptions(EmulatorJsonContext.Wire.Options)
        {
            TypeInfoResolver = EmulatorJsonContext.Wire.WithAddedModifier(info =>
            {
                if (info.Type == typeof(PhotoUpdateSettingsResource))
                {
                    var source = info.Properties.Single(p => p.Name == "source");
                    source.ShouldSerialize = (resource, _) => ((PhotoUpdateSettingsResource)resource).WritesSource;
                }
            }),
        };
        return (JsonTypeInfo<PhotoUpdateSettingsResource>)options.GetTypeInfo(typeof(PhotoUpdateSettingsResource));
    }
}
