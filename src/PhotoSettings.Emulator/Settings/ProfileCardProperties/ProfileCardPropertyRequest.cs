using System.Collections.Immutable;
using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A POST or PATCH body for <c>/admin/people/profileCardProperties</c> as the client sent it. <see cref="Key"/> is the
/// directoryPropertyName in the path of a PATCH (null for a POST).
/// </summary>
public sealed class ProfileCardPropertyRequest
{
    public const string TypeName = "microsoft.graph.profileCardProperty";
    public const string AnnotationTypeName = "microsoft.graph.profileCardAnnotation";
    public const string LocalizationTypeName = "microsoft.graph.displayNameLocalization";

    /// <summary>How many annotations one property may carry (a choice: profile cards show one label).</summary>
    public const int MaxAnnotations = 10;

    internal static readonly string[] Known = ["directoryPropertyName", "annotations", "id", "@odata.type"];
    internal static readonly string[] AnnotationKnown = ["displayName", "localizations"];
    internal static readonly string[] LocalizationKnown = ["languageTag", "displayName"];

    private static readonly string[] Ignored = ["@odata.context", "annotations@odata.type"];

    private ProfileCardPropertyRequest(WireObject body, CollectionWriteKind kind, string? key)
    {
        Body = body;
        Kind = kind;
        Key = key;
    }

    public WireObject Body { get; }

    public CollectionWriteKind Kind { get; }

    public string? Key { get; }

    public static (ProfileCardPropertyRequest? Request, BodyProblem? Problem) Read(JsonElement body, CollectionWriteKind kind, string? key = null)
    {
        var (read, problem) = WireObject.Read(body, Known, Ignored);
        return problem is not null ? (null, problem) : (new ProfileCardPropertyRequest(read!, kind, key), null);
    }

    /// <summary>
    /// The property this (already validated) request makes: a POST's from its body, a PATCH's from <paramref name="current"/>
    /// with the annotations replaced when the body sends them (OData replaces a collection as a whole).
    /// </summary>
    public ProfileCardProperty Apply(ProfileCardProperty? current)
    {
        var name = ProfileCardDirectoryProperties.Canonical(Body.Text("directoryPropertyName") ?? current?.DirectoryPropertyName ?? Key)!;
        var annotations = Body["annotations"] is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(Annotation)]
            : Body.Has("annotations") ? [] : current?.Annotations ?? [];
        return new ProfileCardProperty(name, annotations);
    }

    private static ProfileCardAnnotation Annotation(JsonElement element)
    {
        var annotation = WireObject.Read(element, AnnotationKnown, ["@odata.type"]).Value!;
        ImmutableArray<DisplayNameLocalization> localizations = annotation["localizations"] is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Select(l => WireObject.Read(l, LocalizationKnown, ["@odata.type"]).Value!)
                .Select(l => new DisplayNameLocalization(l.Text("languageTag")!, l.Text("displayName")!))]
            : [];
        return new ProfileCardAnnotation(annotation.Text("displayName")!, localizations);
    }
}

/// <summary>
/// The shape rules of a profileCardProperty body: the directory property is one Graph allows (required on POST; on
/// PATCH, if sent, the one the path names), annotations are objects with a bounded display name and localizations
/// with BCP 47 tags, no language twice, and nothing the type does not define.
/// </summary>
public sealed class ProfileCardPropertyRequestValidator : AbstractValidator<ProfileCardPropertyRequest>
{
    public ProfileCardPropertyRequestValidator() =>
        RuleFor(r => r).Custom((request, context) =>
        {
            var body = request.Body;
            PeopleCollectionRules.Unknown(context, body, ProfileCardPropertyRequest.TypeName);
            PeopleCollectionRules.ODataType(context, body, ProfileCardPropertyRequest.TypeName);
            DirectoryPropertyName(context, request);
            Id(context, request);

            var annotations = PeopleCollectionRules.Objects(context, body, "annotations", ProfileCardPropertyRequest.MaxAnnotations, ProfileCardPropertyRequest.AnnotationKnown);
            for (var i = 0; i < (annotations?.Count ?? 0); i++)
            {
                var at = $"annotations[{i}].";
                var annotation = annotations![i];
                PeopleCollectionRules.Unknown(context, annotation, ProfileCardPropertyRequest.AnnotationTypeName, at);
                PeopleCollectionRules.Text(context, annotation, "displayName", required: true, PeopleCollectionRules.MaxDisplayNameLength, at);
                var localizations = PeopleCollectionRules.Objects(context, annotation, "localizations", PeopleCollectionRules.MaxLocalizations, ProfileCardPropertyRequest.LocalizationKnown, at);
                for (var j = 0; j < (localizations?.Count ?? 0); j++)
                {
                    var inner = $"{at}localizations[{j}].";
                    PeopleCollectionRules.Unknown(context, localizations![j], ProfileCardPropertyRequest.LocalizationTypeName, inner);
                    PeopleCollectionRules.Text(context, localizations[j], "displayName", required: true, PeopleCollectionRules.MaxDisplayNameLength, inner);
                }

                if (localizations is not null)
                {
                    PeopleCollectionRules.LanguageTags(context, localizations, $"{at}localizations");
                }
            }
        });

    private static void DirectoryPropertyName(ValidationContext<ProfileCardPropertyRequest> context, ProfileCardPropertyRequest request)
    {
        const string name = "directoryPropertyName";
        var required = request.Kind == CollectionWriteKind.Create;
        if (!required && request.Body[name] is { ValueKind: System.Text.Json.JsonValueKind.Null })
        {
            // The key is never emptied: a PATCH may only repeat it, as it may repeat a source's id.
            context.AddFailure(name, $"'{name}' is the key of a profile card property; a PATCH body may only repeat it, not null.");
            return;
        }

        if (!PeopleCollectionRules.Text(context, request.Body, name, required, maxLength: 64) || request.Body.Text(name) is not { } text)
        {
            return;
        }

        if (ProfileCardDirectoryProperties.Canonical(text) is not { } canonical)
        {
            context.AddFailure(name, $"'{ClientText.Clip(text)}' is not a directory property a profile card can show; use one of "
                + string.Join(", ", ProfileCardDirectoryProperties.All) + ".");
        }
        else if (request.Key is { } key && !canonical.Equals(key, StringComparison.OrdinalIgnoreCase))
        {
            context.AddFailure(name, $"'{name}' is the key of a profile card property and cannot change: this is '{ClientText.Clip(key)}', not '{canonical}'.");
        }
    }

    /// <summary><c>id</c> is read-only; the SDKs' models may repeat it, and for this type it is the directoryPropertyName.</summary>
    private static void Id(ValidationContext<ProfileCardPropertyRequest> context, ProfileCardPropertyRequest request)
    {
        if (request.Body["id"] is not { } id)
        {
            return;
        }

        var expected = request.Key ?? request.Body.Text("directoryPropertyName");
        if (id.ValueKind != JsonValueKind.String || expected is null || !string.Equals(id.GetString(), expected, StringComparison.OrdinalIgnoreCase))
        {
            context.AddFailure("id", $"'id' is read-only; a body may only repeat the directoryPropertyName, not {PeopleCollectionRules.Describe(id)}.");
        }
    }
}
