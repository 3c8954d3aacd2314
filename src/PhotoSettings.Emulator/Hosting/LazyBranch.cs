namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// A part of the pipeline built on the first request that reaches it, not at start-up. Swagger UI's middleware loads
/// its assembly, binds its options and indexes its embedded files when it is built: about 20 ms of a JIT start that
/// no Graph request needs. The branch is built once (thread-safe) and then runs as if it had been there from the start.
/// </summary>
public static class LazyBranch
{
    public static IApplicationBuilder UseOnFirstRequest(this IApplicationBuilder app, Action<IApplicationBuilder> configure) =>
        app.Use(next =>
        {
            var branch = new Lazy<RequestDelegate>(() =>
            {
                var builder = app.New();
                configure(builder);
                builder.Run(next);
                return builder.Build();
            });
            return context => branch.Value(context);
        });
}
