using Microsoft.Data.Sqlite;

namespace PhotoSettings.Emulator.Storage;

/// <summary>One SQL statement and its parameters, made under a tenant's lock and run by the committer.</summary>
public sealed record Statement(string Sql, params (string Name, object Value)[] Parameters);

/// <summary>
/// Group commit: changes turn into statements on their writers' threads and join a queue; one thread runs
/// everything queued while the previous commit was in flight as the next transaction, one fsync for all of
/// them, then completes the task their writers await. A failed commit stops the committer: the state in
/// memory ran ahead of the disk, so every later write fails until the emulator restarts.
/// </summary>
public sealed class GroupCommitter : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _queueGate = new();
    private readonly AutoResetEvent _queued = new(false);
    private readonly Thread _committer;
    private List<List<Statement>> _queue = [];
    private TaskCompletionSource? _nextCommit;
    private bool _stopping;
    private Exception? _failure;

    /// <summary>Takes the writer connection: from now on only the committer's thread uses it.</summary>
    public GroupCommitter(SqliteConnection db)
    {
        _db = db;
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "SQLite group commit" };
        _committer.Start();
    }

    /// <summary>Queues a change's statements for the next transaction; the task completes once it is committed.</summary>
    public Task Enqueue(List<Statement> statements)
    {
        lock (_queueGate)
        {
            if (_failure is not null)
            {
                throw new StorageException("An earlier write to the database failed, so this emulator stores nothing more; restart it.", _failure);
            }

            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Add(statements);
            _nextCommit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_queue.Count == 1)
            {
                _queued.Set();
            }

            return _nextCommit.Task;
        }
    }

    /// <summary>Commits what is queued, then stops the thread; the connection stays open for its owner to close.</summary>
    public void Dispose()
    {
        lock (_queueGate)
        {
            _stopping = true;
        }

        _queued.Set();
        _committer.Join();
        _queued.Dispose();
    }

    /// <summary>
    /// The committer: takes everything queued (each tenant's changes in the order they were made), runs it as
    /// one transaction, then completes the task every answer that wrote or read those changes waits on. What
    /// arrives meanwhile waits for the next turn.
    /// </summary>
    private void CommitLoop()
    {
        var prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                bool idle;
                lock (_queueGate)
                {
                    idle = _queue.Count == 0 && !_stopping;
                }

                // The event is set by the first change queued after a batch was taken, and on stopping.
                if (idle)
                {
                    _queued.WaitOne();
                }

                List<List<Statement>> batch;
                TaskCompletionSource? done;
                lock (_queueGate)
                {
                    if (_queue.Count == 0)
                    {
                        if (_stopping)
                        {
                            return;
                        }

                        continue;
                    }

                    batch = _queue;
                    done = _nextCommit;
                    _queue = [];
                    _nextCommit = null;
                }

                if (_failure is { } earlier)
                {
                    done?.SetException(new StorageException("An earlier write to the database failed; this one was not stored.", earlier));
                    continue;
                }

                try
                {
                    using (var transaction = _db.BeginTransaction())
                    {
                        foreach (var change in batch)
                        {
                            foreach (var statement in change)
                            {
                                Run(prepared, transaction, statement);
                            }
                        }

                        transaction.Commit();
                    }
                }
                catch (Exception ex)
                {
                    // Whatever failed, the writers waiting on this batch must hear of it rather than wait forever.
                    lock (_queueGate)
                    {
                        _failure = ex;
                    }

                    done?.SetException(new StorageException($"Writing to the database failed: {ex.Message}", ex));
                    continue;
                }

                done?.SetResult();
            }
        }
        finally
        {
            foreach (var command in prepared.Values)
            {
                command.Dispose();
            }
        }
    }

    private static void Run(Dictionary<string, SqliteCommand> prepared, SqliteTransaction transaction, Statement statement)
    {
        if (!prepared.TryGetValue(statement.Sql, out var command))
        {
            prepared[statement.Sql] = command = transaction.Connection!.CreateCommand();
            command.CommandText = statement.Sql;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
