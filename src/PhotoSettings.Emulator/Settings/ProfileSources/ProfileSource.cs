using System.Collections.Immutable;
using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// One of a tenant's profile sources (Graph's <c>profileSource</c>): keyed by <see cref="Id"/>, a GUID the service
/// makes, and addressable by the alternate key <see cref="SourceId"/> (<c>profileSources(sourceId='…')</c>).
/// </summary>
public sealed record ProfileSource(
    string Id,
    string SourceId,
    string? DisplayName,
    string? Kind,
    string? WebUrl,
    ImmutableArray<ProfileSourceLocalization> Localizations)
{
    public bool Equals(ProfileSource? other) =>
        other is not null && Id == other.Id && SourceId == other.SourceId && DisplayName == other.DisplayName && Kind == other.Kind
        && WebUrl == other.WebUrl && Localizations.SequenceEqual(other.Localizations);

    public override int GetHashCode() => HashCode.Combine(Id, SourceId);
}

/// <summary>One translation of a source's name and link (Graph's <c>profileSourceLocalization</c>).</summary>
public sealed record ProfileSourceLocalization(string LanguageTag, string? DisplayName, string? WebUrl);

/// <summary>A POST or PATCH body for <c>/admin/people/profileSources</c>, as sent.</summary>
public sealed class ProfileSourceRequest
{
    public const string TypeName = "microsoft.graph.profileSource";
    public const string LocalizationTypeName = "microsoft.graph.profileSourceLocalization";

    /// <summary>A sourceId's longest (a choice: Graph documents none; sourceIds are GUIDs or short names).</summary>
    public const int MaxSourceIdLength = 128;

    internal static readonly string[] LocalizationKnown = ["languageTag", "displayName", "webUrl"];

    private static readonly string[] Known = ["sourceId", "displayName", "kind", "webUrl", "localizations", "id", "@odata.type"];

    private ProfileSourceRequest(WireObject body, CollectionWriteKind kind, ProfileSource? current)
    {
        Body = body;
        Kind = kind;
        Current = current;
    }

    public WireObject Body { get; }

    public CollectionWriteKind Kind { get; }

    /// <summary>The source a PATCH updates (found by id or sourceId); null for a POST.</summary>
    public ProfileSource? Current { get; }

    public static (ProfileSourceRequest? Request, BodyProblem? Problem) Read(JsonElement body, CollectionWriteKind kind, ProfileSource? current = null)
    {
        var (read, problem) = WireObject.Read(body, Known, ["@odata.context", "localizations@odata.type"]);
        return problem is not null ? (null, problem) : (new ProfileSourceRequest(read!, kind, current), null);
    }

    /// <summary>The source this (already validated) request makes; a POST's <paramref name="newId"/> is the new key.</summary>
    public ProfileSource Apply(string newId)
    {
        string? Text(string name, string? kept) => Body.Has(name) ? Body.Text(name) : kept;
        ImmutableArray<ProfileSourceLocalization> localizations = Body["localizations"] is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Select(l => WireObject.Read(l, LocalizationKnown, ["@odata.type"]).Value!)
                .Select(l => new ProfileSourceLocalization(l.Text("languageTag")!, l.Text("displayName"), l.Text("webUrl")))]
            : Body.Has("localizations") ? [] : Current?.Localizations ?? [];
        return new ProfileSource(
            Current?.Id ?? newId,
            // A PATCH may repeat the alternate key in any letter case, as lookups match it; the stored casing stays.
            Current is { SourceId: { } kept } && Body.Text("sourceId") is not null ? kept : Text("sourceId", Current?.SourceId)!,
            Text("displayName", Current?.DisplayName),
            Text("kind", Current?.Kind),
            Text("webUrl", Current?.WebUrl),
            localizations);
    }
}

/// <summary>
/// The shape rules of a profileSource body: a sourceId (required on POST, the alternate key so it cannot change on
/// PATCH), bounded names, http(s) web URLs, localizations with BCP 47 tags and no language twice, a read-only id.
/// </summary>
public sealed class ProfileSourceRequestValidator : AbstractValidator<ProfileSourceRequest>
{
    public ProfileSourceRequestValidator() =>
        RuleFor(r => r).Custom((request, context) =>
        {
            var body = request.Body;
            PeopleCollectionRules.Unknown(context, body, ProfileSourceRequest.TypeName);
            PeopleCollectionRules.ODataType(context, body, ProfileSourceRequest.TypeName);
            var create = request.Kind == CollectionWriteKind.Create;
            if (PeopleCollectionRules.Text(context, body, "sourceId", required: create, ProfileSourceRequest.MaxSourceIdLength)
                && request.Current is { } current && body.Text("sourceId") is { } sourceId && !sourceId.Equals(current.SourceId, StringComparison.OrdinalIgnoreCase))
            {
                context.AddFailure("sourceId", $"'sourceId' is the alternate key of a profile source and cannot change: this is '{current.SourceId}', not '{ClientText.Clip(sourceId)}'.");
            }

            // A sourceId is addressed as profileSources(sourceId='…') in a path: one that a path cannot carry could never be read again.
            if (body.Text("sourceId") is { } addressed && addressed.Any(c => c is '/' or '\\' || char.IsControl(c)))
            {
                context.AddFailure("sourceId", "'sourceId' may not contain '/', '\\' or control characters: profileSources(sourceId='…') could not address the source.");
            }

            PeopleCollectionRules.Text(context, body, "displayName", required: create, PeopleCollectionRules.MaxDisplayNameLength);
            PeopleCollectionRules.Text(context, body, "kind", required: false, PeopleCollectionRules.MaxDisplayNameLength);
            WebUrl(context, body, "");

            var localizations = PeopleCollectionRules.Objects(context, body, "localizations", PeopleCollectionRules.MaxLocalizations, ProfileSourceRequest.LocalizationKnown);
            for (var i = 0; i < (localizations?.Count ?? 0); i++)
            {
                var at = $"localizations[{i}].";
                PeopleCollectionRules.Unknown(context, localizations![i], ProfileSourceRequest.LocalizationTypeName, at);
                PeopleCollectionRules.Text(context, localizations[i], "displayName", required: false, PeopleCollectionRules.MaxDisplayNameLength, at);
                WebUrl(context, localizations[i], at);
            }

            if (localizations is not null)
            {
                PeopleCollectionRules.LanguageTags(context, localizations, "localizations");
            }

            if (body["id"] is { } id && !(request.Current is { } item && id.ValueKind == JsonValueKind.String && string.Equals(id.GetString(), item.Id, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure("id", $"'id' is read-only: the service makes it; a PATCH body may only repeat it, not {PeopleCollectionRules.Describe(id)}.");
            }
        });

    private static void WebUrl(ValidationContext<ProfileSourceRequest> context, WireObject body, string at)
    {
        if (body["webUrl"] is { ValueKind: not JsonValueKind.Null } url && !(url.ValueKind == JsonValueKind.String && PeopleCollectionRules.IsWebUrl(url.GetString())))
        {
            context.AddFailure(at + "webUrl", $"'{at}webUrl' must be an absolute http or https URL of at most {PeopleCollectionRules.MaxUrlLength} characters, not {PeopleCollectionRules.Describe(url)}.");
        }
    }
}

/// <summary>What the collection as a whole requires of a write.</summary>
public static class ProfileSourceCollectionRules
{
    /// <summary>A sourceId another source already has: it is an alternate key, so it names one source.</summary>
    public static string? DuplicateSourceIdProblem(IEnumerable<ProfileSource> existing, ProfileSource written) =>
        written.SourceId is not null && existing.Any(s => s.Id != written.Id && string.Equals(s.SourceId, written.SourceId, StringComparison.OrdinalIgnoreCase))
            ? $"A profile source with sourceId '{ClientText.Clip(written.SourceId)}' already exists; PATCH it, or DELETE it first."
            : null;
}
