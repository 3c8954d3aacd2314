using PhotoSettings.Emulator.Auth;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Work the first Graph request would do anyway, done on another core while the main thread starts Kestrel: building
/// every endpoint's request delegate and metadata, then reading a token (IdentityModel's code). What it saves the
/// first request is compiling that code (JIT) and loading its types, which happen once per process; the endpoint
/// objects themselves are built twice, here and by the routing middleware, which keeps its own (a few milliseconds
/// on the other core). The first answer comes sooner: a JIT start 5-7% sooner in interleaved runs; started before
/// the host was built, the token part gained nothing more. Only in a process the emulator owns, where the start is
/// what a person waits for; an in-process test host shares its cores with the tests. Nothing is kept: the token is
/// read by a reader of its own.
/// </summary>
public static class StartupWarmUp
{
    public static void Begin(WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources.ToArray();
        _ = Task.Run(async () =>
        {
            foreach (var source in sources)
            {
                _ = source.Endpoints;
            }

            await AccessTokenReader.WarmUpAsync();
        });
    }
}
