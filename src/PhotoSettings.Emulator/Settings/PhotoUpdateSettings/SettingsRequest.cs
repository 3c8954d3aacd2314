using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A PATCH or POST body as the client sent it: each known property kept as raw JSON (absent is
/// null), so the validator can tell "missing" from "null" from "wrong type" and say which.
/// </summary>
public sealed class SettingsRequest
{
    public const string SourceName = "source";
    public const string AllowedRolesName = "allowedRoles";
    public const string IdName = "id";
    public const string ODataTypeName = "@odata.type";

    // Accepted and ignored: what a client that echoes a GET back, or an OData writer, adds.
    private static readonly string[] IgnoredNames =
        ["@odata.context", "source@odata.type", "allowedRoles@odata.type", "id@odata.type"];

    public JsonElement? Source { get; private init; }

    public JsonElement? AllowedRoles { get; private init; }

    public JsonElement? Id { get; private init; }

    public JsonElement? ODataType { get; private init; }

    public IReadOnlyList<string> UnknownProperties { get; private init; } = [];

    /// <summary>
    /// Maps the body's properties (names matched case-insensitively, like the enum values).
    /// Two spellings of one property are refused rather than guessed between.
    /// </summary>
    public static (SettingsRequest? Request, BodyProblem? Problem) Read(JsonElement body)
    {
        JsonElement? source = null, roles = null, id = null, odataType = null;
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return (null, BodyProblem.Invalid(
                    $"The property '{ClientText.Clip(property.Name)}' appears more than once in the request body."));
            }

            var value = property.Value.Clone();
            switch (property.Name)
            {
                case var n when n.Equals(SourceName, StringComparison.OrdinalIgnoreCase): source = value; break;
                case var n when n.Equals(AllowedRolesName, StringComparison.OrdinalIgnoreCase): roles = value; break;
                case var n when n.Equals(IdName, StringComparison.OrdinalIgnoreCase): id = value; break;
                case var n when n.Equals(ODataTypeName, StringComparison.OrdinalIgnoreCase): odataType = value; break;
                case var n when IgnoredNames.Contains(n, StringComparer.OrdinalIgnoreCase): break;
                default: unknown.Add(property.Name); break;
            }
        }

        return (new SettingsRequest
        {
            Source = source,
            AllowedRoles = roles,
            Id = id,
            ODataType = odataType,
            UnknownProperties = unknown,
        }, null);
    }

    /// <summary>The change this (already validated) request asks for; null members are left as they are.</summary>
    public SettingsChange ToChange()
    {
        // Absent keeps the source; an explicit null unsets it (Graph's default, photos from either side).
        PhotoUpdateSource? source = Source is { ValueKind: JsonValueKind.String } s && SettingsRules.TryParseSource(s.GetString(), out var parsed) ? parsed : null;
        System.Collections.Immutable.ImmutableArray<string>? roles = AllowedRoles switch
        {
            null => null,
            { ValueKind: JsonValueKind.Null } => [],
            { } array => [.. array.EnumerateArray()
                .Select(e => SettingsRules.TryParseRoleId(e.GetString(), out var g) ? g.ToString() : "")
                .Distinct()],
        };
        return new SettingsChange(Source is not null, source, roles);
    }
}

/// <summary>
/// What a write asks to change: a source only when <paramref name="SetsSource"/> (its null then unsets it), roles
/// unless null. What it leaves out is kept by PATCH and takes the default for POST.
/// </summary>
public sealed record SettingsChange(bool SetsSource, PhotoUpdateSource? Source, System.Collections.Immutable.ImmutableArray<string>? AllowedRoles)
{
    public PhotoUpdateSettings MergeInto(PhotoUpdateSettings current) =>
        new(SetsSource ? Source : current.Source, AllowedRoles ?? current.AllowedRoles);
}

/// <summary>
/// The shape rules of a PATCH or POST body: each property's type and value, judged against the
/// tenant it is aimed at (its settings id and its custom roles), passed in the root context data.
/// </summary>
public sealed class SettingsRequestValidator : AbstractValidator<SettingsRequest>
{
    public SettingsRequestValidator(RoleCatalog roles)
    {
        RuleFor(r => r.UnknownProperties).Custom((names, context) =>
        {
            foreach (var name in names)
            {
                context.AddFailure(Primitives.ClientText.Clip(name),
                    GraphErrors.PropertyNotOnType(Primitives.ClientText.Clip(name), PhotoUpdateSettingsResource.TypeName).Message);
            }
        });

        RuleFor(r => r.ODataType).Custom((value, context) =>
        {
            if (value is { } v && !(v.ValueKind == JsonValueKind.String && IsResourceType(v.GetString())))
            {
                context.AddFailure(SettingsRequest.ODataTypeName,
                    $"'@odata.type' must be '#{PhotoUpdateSettingsResource.TypeName}', not {Quote(v)}.");
            }
        });

        RuleFor(r => r.Source).Custom((value, context) =>
        {
            // Null is allowed: the property is nullable in Graph's metadata, and null is what an unconfigured tenant holds.
            if (value is not { } v || v.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                context.AddFailure(SettingsRequest.SourceName,
                    $"'source' must be 'cloud', 'onPremises' or null, not {JsonBody.Describe(v.ValueKind)}.");
            }
            else if (!SettingsRules.TryParseSource(v.GetString(), out _))
            {
                var text = v.GetString();
                context.AddFailure(SettingsRequest.SourceName, string.Equals(text, "unknownFutureValue", StringComparison.OrdinalIgnoreCase)
                    ? "'unknownFutureValue' is the evolvable-enum sentinel of photoUpdateSource and cannot be set; use 'cloud' or 'onPremises'."
                    : $"'{Primitives.ClientText.Clip(text)}' is not a valid value for 'source' (microsoft.graph.photoUpdateSource); use 'cloud' or 'onPremises'.");
            }
        });

        RuleFor(r => r.AllowedRoles).Custom((value, context) =>
        {
            if (value is not { } v || v.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (v.ValueKind != JsonValueKind.Array)
            {
                context.AddFailure(SettingsRequest.AllowedRolesName,
                    $"'allowedRoles' must be an array of Entra role template ids, not {JsonBody.Describe(v.ValueKind)}.");
                return;
            }

            var count = v.GetArrayLength();
            if (SettingsRules.CountProblem(count) is { } tooMany)
            {
                context.AddFailure(SettingsRequest.AllowedRolesName, tooMany);
                return;
            }

            var owner = SettingsRules.Owner.Of(TenantOf(context).Tenant);
            var index = 0;
            foreach (var element in v.EnumerateArray())
            {
                var target = $"allowedRoles[{index++}]";
                if (element.ValueKind != JsonValueKind.String)
                {
                    context.AddFailure(target, $"{target} must be a string role template id, not {JsonBody.Describe(element.ValueKind)}.");
                }
                else if (SettingsRules.RoleProblem(target, element.GetString(), owner, roles) is { } problem)
                {
                    context.AddFailure(target, problem);
                }
            }
        });

        RuleFor(r => r.Id).Custom((value, context) =>
        {
            var current = TenantOf(context).SettingsId;
            if (value is { } v && !(v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), current, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure(SettingsRequest.IdName,
                    $"'id' is read-only; a body may only repeat the current value '{current}', not {Quote(v)}.");
            }
        });
    }

    public static ValidationContext<SettingsRequest> ContextFor(SettingsRequest request, TenantState tenant) =>
        SettingValidation.For(request, tenant);

    private static TenantState TenantOf<T>(ValidationContext<T> context) => SettingValidation.TenantOf(context);

    private static bool IsResourceType(string? text) =>
        text is not null && text.TrimStart('#').Equals(PhotoUpdateSettingsResource.TypeName, StringComparison.OrdinalIgnoreCase);

    private static string Quote(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"'{Primitives.ClientText.Clip(value.GetString())}'" : JsonBody.Describe(value.ValueKind);
}
