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
/// The fault rules in force. Matching and scheduling happen under one lock, so the sequence of
/// decisions is exactly the sequence of matching requests: a seeded rule gives the same pattern every run.
/// </summary>
public sealed class FaultRules
{
    private readonly Lock _gate = new();
    private readonly List<ActiveRule> _rules = [];

    // Read without the lock on every Graph request: with no rules (the usual case) nothing is locked.
    private volatile int _count;

    public IReadOnlyList<FaultRuleDocument> List()
    {
        lock (_gate)
        {
            return [.. _rules.Where(r => !r.Spent).Select(r => r.Describe())];
        }
    }

    /// <summary>Adds an (already validated) rule; returns it with its id.</summary>
    public FaultRuleDocument Add(FaultRuleDocument rule)
    {
        var active = new ActiveRule(rule with { Id = string.IsNullOrWhiteSpace(rule.Id) ? Guid.NewGuid().ToString() : rule.Id });
        lock (_gate)
        {
            _rules.RemoveAll(r => r.Rule.Id == active.Rule.Id);
            _rules.Add(active);
            _count = _rules.Count;
            return active.Describe();
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            var removed = _rules.RemoveAll(r => string.Equals(r.Rule.Id, id, StringComparison.OrdinalIgnoreCase)) > 0;
            _count = _rules.Count;
            return removed;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _count = 0;
        }
    }

    /// <summary>The first live rule that matches and fires for this request, if any. Spent rules are dropped.</summary>
    public FaultDecision? Decide(Guid? tenantId, string method, string path)
    {
        if (_count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            _rules.RemoveAll(r => r.Spent);
            _count = _rules.Count;
            foreach (var rule in _rules)
            {
                if (rule.Matches(tenantId, method, path) && rule.Fire() is { } decision)
                {
                    return decision;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Makes a decided request visible in its rule's counts. The filter calls it after arming the latency
    /// timer, so a test that waits for <c>matched</c> and then advances the emulator's clock by the latency
    /// always releases the answer: the timer can no longer be armed after the clock has moved.
    /// </summary>
    public void Announce(FaultDecision decision)
    {
        lock (_gate)
        {
            decision.Source?.Announce();
        }
    }

    internal sealed class ActiveRule
    {
        private readonly Primitives.Glob? _path;
        private readonly Random _random;
        private int _matched;
        private int _faulted;

        // Fired decisions whose filter has not yet armed its timer: counted for the schedule, not yet shown.
        private int _unannounced;

        public ActiveRule(FaultRuleDocument rule)
        {
            Rule = rule;
            _path = rule.Path is { } pattern ? new Primitives.Glob(pattern) : null;
            _random = new Random(rule.Seed ?? 0);
        }

        public FaultRuleDocument Rule { get; }

        public bool Spent =>
            (Rule.Count is { } count && _faulted >= count) || (Rule.ToRequest is { } to && _matched >= to);

        public bool Matches(Guid? tenantId, string method, string path) =>
            (Rule.TenantId is null || (tenantId is { } t && Guid.Parse(Rule.TenantId) == t))
            && (Rule.Method is null || Rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            && (_path is null || _path.IsMatch(path));

        public FaultDecision? Fire()
        {
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

        public void Announce() => _unannounced--;

        public FaultRuleDocument Describe() => Rule with { Matched = _matched - _unannounced, Faulted = _faulted - _unannounced };
    }
}
