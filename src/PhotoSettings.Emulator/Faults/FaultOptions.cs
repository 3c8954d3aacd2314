using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Faults;

/// <summary><c>Emulator:Faults</c>: fault rules in force from the start (the same shape as <c>POST /_emulator/faults</c>).</summary>
public sealed class FaultOptions
{
    /// <summary>Bound at <c>Emulator</c>, so the rules are the list at <c>Emulator:Faults</c>.</summary>
    public const string Section = "Emulator";

    public List<FaultRuleDocument> Faults { get; set; } = [];
}

public sealed class FaultOptionsValidator : IValidateOptions<FaultOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultOptions options)
    {
        var problems = new List<string>();
        if (options.Faults.Count == 0)
        {
            // Nearly every start: FluentValidation's rules were built for nothing, a few percent of the JIT start.
            return ValidateOptionsResult.Success;
        }

        var validator = new FaultRuleValidator();
        if (options.Faults.Count > FaultRules.MaxRules)
        {
            problems.Add($"Emulator:Faults holds {options.Faults.Count} rules; at most {FaultRules.MaxRules} can be in force.");
        }

        for (var i = 0; i < options.Faults.Count; i++)
        {
            problems.AddRange(validator.Validate(options.Faults[i]).Errors.Select(e => $"Emulator:Faults:{i}: {e.ErrorMessage}"));
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class FaultServices
{
    /// <summary>Fault rules (those configured first) and the filter that applies them to the Graph surface.</summary>
    public static IServiceCollection AddFaults(this IServiceCollection services)
    {
        services.AddClosedOptions<FaultOptions>().BindConfiguration(FaultOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaultOptions>, FaultOptionsValidator>();
        services.AddSingleton<FaultFilter>();
        services.AddSingleton<IValidator<FaultRuleDocument>, FaultRuleValidator>();
        services.AddSingleton(sp =>
        {
            var rules = new FaultRules();
            foreach (var rule in sp.GetRequiredService<IOptions<FaultOptions>>().Value.Faults)
            {
                rules.Add(rule with { Matched = null, Faulted = null });
            }

            return rules;
        });
        return services;
    }
}
