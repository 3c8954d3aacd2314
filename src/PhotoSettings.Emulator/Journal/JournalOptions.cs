using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Journal;

/// <summary><c>Emulator:Journal</c>: how much of the Graph surface's traffic the journal keeps.</summary>
public sealed class JournalOptions
{
    public const string Section = "Emulator:Journal";

    /// <summary>How many Graph requests the journal keeps; 0 turns it off.</summary>
    public int Capacity { get; set; } = 1000;
}

public sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalOptions options) =>
        options.Capacity is < 0 or > 1_000_000
            ? ValidateOptionsResult.Fail($"Emulator:Journal:Capacity {options.Capacity} must be from 0 to 1000000.")
            : ValidateOptionsResult.Success;
}

/// <summary>The fault rule that answered a request, as the journal records it (the fault filter sets it).</summary>
public sealed record AppliedFault(string RuleId);

public static class JournalServices
{
    public static IServiceCollection AddRequestJournal(this IServiceCollection services)
    {
        services.AddClosedOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>();
        services.AddSingleton<RequestJournal>();
        return services;
    }
}
