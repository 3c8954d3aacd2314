using System.Reflection;
using System.Runtime.CompilerServices;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Gives memory back to the operating system at the two moments the emulator knows it holds garbage: after
/// start-up (building the host leaves megabytes of configuration, service-graph and route-table garbage that
/// the GC would keep until enough new allocation asks for a collection, so an idle emulator sat on it) and
/// after a state import. The collection runs on the thread pool once the response has been sent, so no
/// caller waits for it.
/// </summary>
public static class MemoryTrim
{
    /// <summary>True when the emulator is the process (dotnet run, the tool, the container), not hosted in a test run.</summary>
    public static bool OwnsProcess => Assembly.GetEntryAssembly() == typeof(MemoryTrim).Assembly;

    /// <summary>One compacting, decommitting collection, queued behind the current work.</summary>
    public static void CollectSoon() =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null);

    /// <summary>Runs <see cref="CollectSoon"/> after <paramref name="response"/> has been sent.</summary>
    public static void CollectAfter(HttpResponse response) =>
        response.OnCompleted(static () =>
        {
            CollectSoon();
            return Task.CompletedTask;
        });

    /// <summary>Trims once, after the first response the emulator sends.</summary>
    public static IApplicationBuilder UseMemoryTrimAfterFirstResponse(this IApplicationBuilder app)
    {
        var pending = new StrongBox<int>(1);
        return app.Use((context, next) =>
        {
            if (Volatile.Read(ref pending.Value) == 1 && Interlocked.Exchange(ref pending.Value, 0) == 1)
            {
                CollectAfter(context.Response);
            }

            return next(context);
        });
    }
}
