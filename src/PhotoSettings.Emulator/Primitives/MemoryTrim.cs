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

    /// <summary>
    /// How much start-up may allocate before the garbage collector runs again. Building the host and answering the
    /// first request allocate a few megabytes (4.3 MB in a JIT start), nearly all of it kept (services, options, the
    /// route table), so the gen0 collections start-up used to run copied live objects for nothing (12% of the AOT
    /// start's CPU). Past this budget the runtime collects as usual and the region ends by itself.
    /// </summary>
    public const long StartupBudget = 48 * 1024 * 1024;

    /// <summary>
    /// Holds collections off from here until the first response (<see cref="UseMemoryTrimAfterFirstResponse"/>),
    /// whose aggressive collection then gives back whatever start-up left. Only for a process the emulator owns.
    /// </summary>
    public static void HoldCollectionsDuringStartup()
    {
        try
        {
            GC.TryStartNoGCRegion(StartupBudget, disallowFullBlockingGC: true);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A runtime that cannot hold this much (or a region already open) starts as it always did.
        }
    }

    /// <summary>One compacting, decommitting collection, queued behind the current work.</summary>
    public static void CollectSoon() =>
        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            EndStartupRegion();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }, null);

    private static void EndStartupRegion()
    {
        if (System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The budget ran out first and the runtime ended the region with a collection.
        }
    }

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
