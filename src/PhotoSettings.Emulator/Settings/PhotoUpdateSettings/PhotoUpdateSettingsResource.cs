using System.Text.Json.Serialization;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// The wire form of <c>microsoft.graph.photoUpdateSettings</c>. Properties left out by
/// <c>$select</c> are null and not written; <c>allowedRoles</c> is never null when it is written.
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

    public static PhotoUpdateSettingsResource From(TenantState state, HttpRequest request, IReadOnlyList<string>? select)
    {
        bool Wants(string property) => select is null || select.Contains(property);
        var projection = select is null ? "" : $"({string.Join(',', select)})";
        var context = $"{request.Scheme}://{request.Host}/beta/$metadata#{EntitySetPath}{projection}/$entity";
        var settings = state.Configured;
        return new PhotoUpdateSettingsResource(
            context,
            Wants("id") ? state.SettingsId : null,
            Wants("source") ? settings.Source : null,
            Wants("allowedRoles") ? settings.AllowedRoles : null);
    }
}
