using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

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
            if (value is not { } v)
            {
                return;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                context.AddFailure(SettingsRequest.SourceName,
                    $"'source' must be a string, 'cloud' or 'onPremises', not {JsonBody.Describe(v.ValueKind)}.");
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
