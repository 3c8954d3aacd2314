using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Journal;

/// <summary>
/// One Graph-surface request as the emulator saw it, retries and faults included. <c>Host</c> is the Host it was
/// addressed to, port included when the client sent one: graph.microsoft.com through the proxy, 127.0.0.1:5080 by base URL.
/// </summary>
public sealed record JournalEntry(
    DateTimeOffset Time,
    string? TenantId,
    string? Caller,
    string Method,
    string Path,
    string? Query,
    int Status,
    string RequestId,
    string ClientRequestId,
    string? RetryAttempt,
    string? Fault,
    string Host);

/// <summary>
/// The last <c>Emulator:Journal:Capacity</c> Graph-surface requests (oldest dropped first), so a test
/// can assert what its client really sent.
/// </summary>
public sealed class RequestJournal(IOptions<JournalOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Queue<JournalEntry> _entries = new();

    public void Add(JournalEntry entry)
    {
        var capacity = options.Value.Capacity;
        if (capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<JournalEntry> Query(string? tenantId, string? path, int? status, DateTimeOffset? since)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e =>
                (tenantId is null || string.Equals(e.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
                && (path is null || e.Path.Contains(path, StringComparison.OrdinalIgnoreCase))
                && (status is null || e.Status == status)
                && (since is null || e.Time >= since))];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
