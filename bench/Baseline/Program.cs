// The bytes come from the emulator itself (bench/run.sh saves its GET answer), so both serve the same thing.
var body = File.ReadAllBytes(Environment.GetEnvironmentVariable("BASELINE_BODY") ?? throw new InvalidOperationException("set BASELINE_BODY"));
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
app.Run();
