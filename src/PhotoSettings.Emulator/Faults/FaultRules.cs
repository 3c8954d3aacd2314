namespace PhotoSettings.Emulator.Faults;

/// <summary>
/// What a matched rule does to one request. The request is not yet counted in the rule's <c>matched</c> and
/// <c>faulted</c> figures: the filter calls <see cref="FaultRules.Announce"/> once its latency timer is running.
/// </summary>
public sealed record FaultDecision(string RuleId, int? Status, int? RetryAfterSeconds, TimeSpan Latency)
{
    /// <summary>The rule that decided, to announce to even if it was replaced or removed meanwhile.</summary>
    internal FaultRules.ActiveRule? Source { get; init; }
}

/// <summary>
/// The fault rules in force, at most <see cref="MaxRules"/>. Every Graph request is matched against all of them, so
/// the list is an immutable array swapped on each change and read without a lock: matching a path (the costly part)
/// holds nothing, and a request never waits for another's match. Only a rule that matched takes its own small lock,
/// to count and schedule, so each rule sees its matching requests one at a time and a seeded rule gives the same
/// pattern every run.
/// </summary>
public sealed class FaultRules
{
    /// <summary>
    /// The most rules in force at once: with each pattern at most <see cref="FaultRuleValidator.MaxPathLength"/>
    /// characters and matched in linear time, this bounds what the rules can add to one request.
    /// </summary>
    public const int MaxRules = 100;

    private readonly Lock _writes = new();
    private volatile ActiveRule[] _rules = [];

    /// <summary>Whether no rule is in force: then a Graph request passes the fault filter without matching anything.</summary>
    public bool IsEmpty => _rules.Length == 0;

    public IReadOnlyList<FaultRuleDocument> List() => [.. _rules.Where(r => !r.Spent).Select(r => r.Describe())];

    /// <summary>
    /// Adds an (already validated) rule, replacing one with the same id; returns it with its id, or null (adding
    /// nothing) when <see cref="MaxRules"/> live rules are in force already.
    /// </summary>
    public FaultRuleDocument? Add(FaultRuleDocument rule)
    {
        var active = new ActiveRule(rule with { Id = rule.Id ?? Guid.NewGuid().ToString() });
        lock (_writes)
        {
            var kept = _rules.Where(r => !r.Spent && !SameId(r, active.Rule.Id!)).ToArray();
            if (kept.Length >= MaxRules)
            {
                return null;
            }

            _rules = [.. kept, active];
            return active.Describe();
        }
    }

    public bool Remove(string id)
    {
        lock (_writes)
        {
            var kept = _rules.Where(r => !SameId(r, id)).ToArray();
            var removed = kept.Length < _rules.Length;
            _rules = kept;
            return removed;
        }
    }

    public void Clear()
    {
        lock (_writes)
        {
            _rules = [];
        }
    }

    /// <summary>The first live rule that matches and fires for this request, if any. Spent rules are dropped.</summary>
    public FaultDecision? Decide(Guid? tenantId, string method, string path)
    {
        var rules = _rules;
        if (rules.Length == 0)
        {
            return null;
        }

        FaultDecision? decision = null;
        var spent = false;
        foreach (var rule in rules)
        {
            if (rule.Matches(tenantId, method, path))
            {
                decision = rule.Fire();
                spent |= rule.Spent;
                if (decision is not null)
                {
                    break;
                }
            }
        }

        if (spent)
        {
            lock (_writes)
            {
                _rules = [.. _rules.Where(r => !r.Spent)];
            }
        }

        return decision;
    }

    /// <summary>
    /// Makes a decided request visible in its rule's counts. The filter calls it after arming the latency
    /// timer, so a test that waits for <c>matched</c> and then advances the emulator's clock by the latency
    /// always releases the answer: the timer can no longer be armed after the clock has moved.
    /// </summary>
    public void Announce(FaultDecision decision) => decision.Source?.Announce();

    private static bool SameId(ActiveRule rule, string id) => string.Equals(rule.Rule.Id, id, StringComparison.OrdinalIgnoreCase);

    internal sealed class ActiveRule
    {
        private readonly Lock _gate = new();
        private readonly Primitives.Glob? _path;
        private readonly Guid? _tenantId;
        private readonly Random _random;
        private int _matched;
        private int _faulted;

        // Fired decisions whose filter has not yet armed its timer: counted for the schedule, not yet shown.
        private int _unannounced;

        public ActiveRule(FaultRuleDocument rule)
        {
            Rule = rule;
            _path = rule.Path is { } pattern ? new Primitives.Glob(pattern) : null;
            _tenantId = rule.TenantId is { } tenant ? Guid.Parse(tenant) : null;
            _random = new Random(rule.Seed ?? 0);
        }

        public FaultRuleDocument Rule { get; }

        public bool Spent
        {
            get
            {
                lock (_gate)
                {
                    return IsSpent;
                }
            }
        }

        private bool IsSpent => (Rule.Count is { } count && _faulted >= count) || (Rule.ToRequest is { } to && _matched >= to);

        /// <summary>Reads only what never changes, so it needs no lock.</summary>
        public bool Matches(Guid? tenantId, string method, string path) =>
            (_tenantId is null || _tenantId == tenantId)
            && (Rule.Method is null || Rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            && (_path is null || _path.IsMatch(path));

        /// <summary>Counts a matching request and decides whether the rule fires for it; null when it does not or is spent.</summary>
        public FaultDecision? Fire()
        {
            lock (_gate)
            {
                if (IsSpent)
                {
                    return null;
                }

                _matched++;
                var fires = Rule switch
                {
                    { FromRequest: { } from, ToRequest: { } to } => _matched >= from && _matched <= to,
                    { Probability: { } p } => _random.NextDouble() < p,
                    _ => true,
                };
                if (!fires)
                {
                    return null;
                }

                _faulted++;
                _unannounced++;
                var latency = Rule.Latency is { MinMs: { } min, MaxMs: { } max }
                    ? TimeSpan.FromMilliseconds(min + (_random.NextDouble() * (max - min)))
                    : TimeSpan.FromMilliseconds(Rule.LatencyMs ?? 0);
                var retryAfter = Rule.Status == 429 ? Rule.RetryAfterSeconds ?? 1 : Rule.RetryAfterSeconds;
                return new FaultDecision(Rule.Id!, Rule.Status, retryAfter, latency) { Source = this };
            }
        }

        public void Announce()
        {
            lock (_gate)
            {
                _unannounced--;
            }
        }

        public FaultRuleDocument Describe()
        {
            lock (_gate)
            {
                return Rule with { Matched = _matched - _unannounced, Faulted = _faulted - _unannounced };
            }
        }
    }
}
