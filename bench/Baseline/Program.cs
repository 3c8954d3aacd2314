// The bytes come from the emulator itself (bench/run.sh saves its GET and PATCH answers), so both serve the same thing.
var body = File.ReadAllBytes(Environment.GetEnvironmentVariable("BASELINE_BODY") ?? throw new InvalidOperationException("set BASELINE_BODY"));
var patchBody = Environment.GetEnvironmentVariable("BASELINE_PATCH_BODY") is { Length: > 0 } path ? File.ReadAllBytes(path) : body;
const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/beta/admin/people/photoUpdateSettings", (HttpContext context) =>
{
    context.Response.ContentType = ContentType;
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});

// A PATCH reads its body, as any handler must, and answers the emulator's PATCH bytes.
app.MapPatch("/beta/admin/people/photoUpdateSettings", async (HttpContext context) =>
{
    await context.Request.Body.CopyToAsync(Stream.Null);
    context.Response.ContentType = ContentType;
    context.Response.ContentLength = patchBody.Length;
    await context.Response.Body.WriteAsync(patchBody);
});
app.Run();
