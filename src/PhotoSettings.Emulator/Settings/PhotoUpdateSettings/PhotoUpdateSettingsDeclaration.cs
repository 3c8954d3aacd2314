using System.Text.Json;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// photoUpdateSettings, the first setting on the engine: who may change user photos (<see cref="PhotoWriteRule"/>
/// judges its effective value). Beta only; read with PeopleSettings.Read.All, written with PeopleSettings.ReadWrite.All
/// (delegated: People or Global Administrator); its body is <see cref="SettingsRequest"/>, shaped by
/// <see cref="SettingsRequestValidator"/>, and the merged value meets <see cref="PhotoUpdateSettingsValidator"/>.
/// </summary>
public sealed class PhotoUpdateSettingsDeclaration : SettingDeclaration<PhotoUpdateSettings, SettingsRequest>, ISettingRoutes
{
    public const string BetaPath = "/beta/admin/people/photoUpdateSettings";

    public override string Name => TenantState.PhotoUpdateSettingsName;

    public override IReadOnlyList<string> GraphPaths { get; } = [BetaPath];

    public override GraphPermissionRequirement Read => GraphPermissionRequirement.ReadSettings;

    public override GraphPermissionRequirement Write => GraphPermissionRequirement.WriteSettings;

    public override string PropagationSection => PropagationOptions.Section;

    public override (SettingsRequest? Request, BodyProblem? Problem) ReadBody(JsonElement body) => SettingsRequest.Read(body);

    public override JsonElement ToJson(PhotoUpdateSettings settings) =>
        JsonSerializer.SerializeToElement(SettingsValueDocument.From(settings), EmulatorJsonContext.Default.SettingsValueDocument);

    /// <summary>Its own API class: beside GET and PATCH it serves POST, DELETE and DELETE on <c>$ref</c>, with its typed resource.</summary>
    public void MapGraph(IEndpointRouteBuilder graph) => graph.MapPhotoUpdateSettingsApi();

    public override PhotoUpdateSettings Merge(SettingsRequest request, PhotoUpdateSettings basis) => request.ToChange().MergeInto(basis);
}
