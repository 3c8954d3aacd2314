using System.Collections.Immutable;
using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// One of a tenant's profile property settings (Graph's beta <c>profilePropertySetting</c>), keyed by <see cref="Id"/>,
/// a GUID the service makes. A setting without <see cref="Name"/> is the tenant-level one that orders the profile
/// sources (<see cref="PrioritizedSourceUrls"/>); at most one may exist.
/// </summary>
public sealed record ProfilePropertySetting(
    string Id,
    string? DisplayName,
    string? Name,
    ImmutableArray<string> PrioritizedSourceUrls,
    string? AllowedAudiences,
    bool? IsUserOverrideForAudienceEnabled)
{
    public bool Equals(ProfilePropertySetting? other) =>
        other is not null && Id == other.Id && DisplayName == other.DisplayName && Name == other.Name
        && PrioritizedSourceUrls.SequenceEqual(other.PrioritizedSourceUrls) && AllowedAudiences == other.AllowedAudiences
        && IsUserOverrideForAudienceEnabled == other.IsUserOverrideForAudienceEnabled;

    public override int GetHashCode() => HashCode.Combine(Id, Name);
}

/// <summary>A POST or PATCH body for <c>/beta/admin/people/profilePropertySettings</c>, as sent.</summary>
public sealed class ProfilePropertySettingRequest
{
    public const string TypeName = "microsoft.graph.profilePropertySetting";

    /// <summary>The most source URLs one setting may order (a choice: a tenant has a handful of profile sources).</summary>
    public const int MaxPrioritizedSourceUrls = 100;

    /// <summary>Graph's <c>organizationAllowedAudiences</c>, less <c>unknownFutureValue</c>, which no client may set.</summary>
    public static readonly string[] Audiences = ["me", "organization", "federatedOrganizations", "everyone"];

    private static readonly string[] Known =
        ["displayName", "name", "prioritizedSourceUrls", "allowedAudiences", "isUserOverrideForAudienceEnabled", "id", "@odata.type"];

    private ProfilePropertySettingRequest(WireObject body, CollectionWriteKind kind, string? key)
    {
        Body = body;
        Kind = kind;
        Key = key;
    }

    public WireObject Body { get; }

    public CollectionWriteKind Kind { get; }

    /// <summary>The id in the path of a PATCH; null for a POST.</summary>
    public string? Key { get; }

    public static (ProfilePropertySettingRequest? Request, BodyProblem? Problem) Read(JsonElement body, CollectionWriteKind kind, string? key = null)
    {
        var (read, problem) = WireObject.Read(body, Known, ["@odata.context"]);
        return problem is not null ? (null, problem) : (new ProfilePropertySettingRequest(read!, kind, key), null);
    }

    /// <summary>The setting this (already validated) request makes; a POST's <paramref name="newId"/> is the new key.</summary>
    public ProfilePropertySetting Apply(ProfilePropertySetting? current, string newId)
    {
        string? Text(string name, string? kept) => Body.Has(name) ? Body.Text(name) : kept;
        return new ProfilePropertySetting(
            current?.Id ?? newId,
            Text("displayName", current?.DisplayName),
            Text("name", current?.Name),
            Body["prioritizedSourceUrls"] is { ValueKind: JsonValueKind.Array } urls ? [.. urls.EnumerateArray().Select(u => u.GetString()!)]
                : Body.Has("prioritizedSourceUrls") ? [] : current?.PrioritizedSourceUrls ?? [],
            Body.Text("allowedAudiences") is { } audience ? Audiences.First(a => a.Equals(audience, StringComparison.OrdinalIgnoreCase))
                : Body.Has("allowedAudiences") ? null : current?.AllowedAudiences,
            Body["isUserOverrideForAudienceEnabled"] is { ValueKind: JsonValueKind.True or JsonValueKind.False } flag ? flag.GetBoolean()
                : Body.Has("isUserOverrideForAudienceEnabled") ? null : current?.IsUserOverrideForAudienceEnabled);
    }
}

/// <summary>
/// The shape rules of a profilePropertySetting body: bounded names, absolute http(s) source URLs without repeats,
/// an audience Graph defines, a boolean override flag, a read-only id, nothing the type does not define.
/// </summary>
public sealed class ProfilePropertySettingRequestValidator : AbstractValidator<ProfilePropertySettingRequest>
{
    public ProfilePropertySettingRequestValidator() =>
        RuleFor(r => r).Custom((request, context) =>
        {
            var body = request.Body;
            PeopleCollectionRules.Unknown(context, body, ProfilePropertySettingRequest.TypeName);
            PeopleCollectionRules.ODataType(context, body, ProfilePropertySettingRequest.TypeName);
            PeopleCollectionRules.Text(context, body, "displayName", required: false, PeopleCollectionRules.MaxDisplayNameLength);
            PeopleCollectionRules.Text(context, body, "name", required: false, PeopleCollectionRules.MaxDisplayNameLength);
            Urls(context, body);

            switch (body["allowedAudiences"])
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    break;
                case { ValueKind: JsonValueKind.String } value when ProfilePropertySettingRequest.Audiences.Contains(value.GetString(), StringComparer.OrdinalIgnoreCase):
                    break;
                case { } value:
                    context.AddFailure("allowedAudiences", $"{PeopleCollectionRules.Describe(value)} is not a valid value for 'allowedAudiences' "
                        + $"(microsoft.graph.organizationAllowedAudiences); use one of {string.Join(", ", ProfilePropertySettingRequest.Audiences)}.");
                    break;
            }

            if (body["isUserOverrideForAudienceEnabled"] is { ValueKind: not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null) } flag)
            {
                context.AddFailure("isUserOverrideForAudienceEnabled", $"'isUserOverrideForAudienceEnabled' must be true, false or null, not {PeopleCollectionRules.Describe(flag)}.");
            }

            if (body["id"] is { } id && !(request.Key is { } key && id.ValueKind == JsonValueKind.String && string.Equals(id.GetString(), key, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure("id", $"'id' is read-only: the service makes it; a PATCH body may only repeat it, not {PeopleCollectionRules.Describe(id)}.");
            }
        });

    private static void Urls(ValidationContext<ProfilePropertySettingRequest> context, WireObject body)
    {
        const string name = "prioritizedSourceUrls";
        switch (body[name])
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return;
            case { ValueKind: not JsonValueKind.Array } value:
                context.AddFailure(name, $"'{name}' must be an array of URLs, not {PeopleCollectionRules.Describe(value)}.");
                return;
            case { } value when value.GetArrayLength() > ProfilePropertySettingRequest.MaxPrioritizedSourceUrls:
                context.AddFailure(name, $"'{name}' has {value.GetArrayLength()} entries; at most {ProfilePropertySettingRequest.MaxPrioritizedSourceUrls} are allowed.");
                return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var url in body[name]!.Value.EnumerateArray())
        {
            var target = $"{name}[{index++}]";
            if (url.ValueKind != JsonValueKind.String || !PeopleCollectionRules.IsWebUrl(url.GetString()))
            {
                context.AddFailure(target, $"'{target}' must be an absolute http or https URL of at most {PeopleCollectionRules.MaxUrlLength} characters, not {PeopleCollectionRules.Describe(url)}.");
            }
            else if (!seen.Add(url.GetString()!))
            {
                context.AddFailure(target, $"'{target}' '{ClientText.Clip(url.GetString())}' appears more than once; each source has one place in the order.");
            }
        }
    }
}

/// <summary>What the collection as a whole requires of a write.</summary>
public static class ProfilePropertySettingCollectionRules
{
    /// <summary>
    /// "Only one configuration without a name is allowed per collection" (the resource's reference): a write that would
    /// make a second unnamed setting is refused.
    /// </summary>
    public static string? SecondUnnamedProblem(IEnumerable<ProfilePropertySetting> existing, ProfilePropertySetting written) =>
        string.IsNullOrEmpty(written.Name) && existing.Any(s => s.Id != written.Id && string.IsNullOrEmpty(s.Name))
            ? "Only one profile property setting without a name is allowed: it orders the profile sources for the whole tenant. PATCH the existing one."
            : null;
}
