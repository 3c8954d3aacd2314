namespace PhotoSettings.Emulator.Primitives;

/// <summary>What kind of refusal a <see cref="DomainError"/> is; each dialect maps it to its status and code.</summary>
public enum DomainErrorKind
{
    /// <summary>The tenant (or another container) is not there.</summary>
    NotFound,

    /// <summary>The user a request names is not in the tenant.</summary>
    UserNotFound,

    /// <summary>The user has no photo (or none of that size).</summary>
    PhotoNotFound,

    /// <summary>The request breaks a rule; every problem is listed.</summary>
    Invalid,

    /// <summary>The request would make a second item with a key (or a rule's one-only value) the collection already has.</summary>
    Conflict,

    /// <summary>The caller lacks a permission or role the operation needs.</summary>
    PermissionDenied,

    /// <summary>The settings in effect forbid the operation.</summary>
    PolicyDenied,
}

/// <summary>One problem of an <see cref="DomainErrorKind.Invalid"/> request, with the JSON path it is about.</summary>
public sealed record DomainProblem(string? Target, string Message);

/// <summary>
/// Why a service changed nothing, in the service's own words and free of HTTP: the Graph surface turns it
/// into Graph's error envelope in one place (<c>GraphErrors.From</c>).
/// </summary>
public sealed record DomainError(DomainErrorKind Kind, string Message)
{
    /// <summary>Every problem, when there are several (the first is <see cref="Message"/>).</summary>
    public IReadOnlyList<DomainProblem> Problems { get; init; } = [];

    public static DomainError NotFound(string message) => new(DomainErrorKind.NotFound, message);

    public static DomainError Invalid(IReadOnlyList<DomainProblem> problems) =>
        new(DomainErrorKind.Invalid, problems[0].Message) { Problems = problems };

    public static DomainError Invalid(string message) => new(DomainErrorKind.Invalid, message);

    public static DomainError Conflict(string message) => new(DomainErrorKind.Conflict, message);
}
