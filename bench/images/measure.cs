#:package SkiaSharp@4.156.1
#:package SkiaSharp.NativeAssets.Linux.NoDependencies@4.156.1
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property EnforceCodeStyleInBuild=false
// Peak RSS growth (VmHWM, reset before the upload) and time of a photo upload and of four concurrent GETs
// (48x48, 240x240, 648x648, photo/$value) against the real emulator process; the figures in docs/security.md.
// A measuring tool, not a test: it starts its own emulator on a random port and kills it at the end.
//   dotnet build src/PhotoSettings.Emulator -c Release -o /tmp/emulator
//   dotnet run bench/images/measure.cs -- /tmp/emulator/PhotoSettings.Emulator.dll <scenario> [side]
// scenarios: bomb (a 20000x20000 grey PNG), large <side> (a noisy JPEG, quality $Q, default 80; Q=64 and
// 6000 give 3.7 MB), png <side> (a gradient PNG), ztxt and iccp (100x100 PNGs with 3.4 MB of compressed chunk).
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SkiaSharp;

var dll = args[0];
var scenario = args[1];
var port = 5300 + Random.Shared.Next(500);
var data = Directory.CreateTempSubdirectory("imgm-").FullName;
var psi = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" }, RedirectStandardOutput = true, RedirectStandardError = true };
psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
psi.Environment["Emulator__DataDir"] = data;
psi.Environment["Logging__LogLevel__Default"] = "Warning";
using var proc = Process.Start(psi)!;
proc.OutputDataReceived += (_, _) => { }; proc.ErrorDataReceived += (_, _) => { };
proc.BeginOutputReadLine(); proc.BeginErrorReadLine();
var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
for (var i = 0; ; i++) { try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { } await Task.Delay(100); }
var tokenReq = await http.PostAsync("/_emulator/tokens", new StringContent("""{"tenantId":"4b1d0000-0000-4000-8000-000000000002","userId":"pat@contosohybrid.onmicrosoft.com"}""", Encoding.UTF8, "application/json"));
var tokenJson = System.Text.Json.JsonDocument.Parse(await tokenReq.Content.ReadAsStringAsync());
var token = tokenJson.RootElement.TryGetProperty("accessToken", out var t) ? t.GetString() : tokenJson.RootElement.GetProperty("access_token").GetString();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
// Warm up: one small upload and size so JIT and Skia's first use are not counted.
var small = SmallJpeg();
Check(await http.PutAsync("/beta/me/photo/$value", Body(small, "image/jpeg")));
Check(await http.GetAsync("/beta/me/photos/48x48/$value"));
Check(await http.DeleteAsync("/beta/me/photo"));
long Status(string key) { foreach (var l in File.ReadLines($"/proc/{proc.Id}/status")) if (l.StartsWith(key)) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024; return 0; }
byte[] image = scenario switch { "bomb" => GreyPng(20000, 20000, null), "png" => GradientPng(int.Parse(args[2])), "ztxt" or "iccp" => GreyPng(100, 100, scenario), _ => NoisyJpeg(int.Parse(args[2])) };
var isPng = scenario != "large";
Console.WriteLine($"image: {image.Length} bytes");
await Task.Delay(1000);
File.WriteAllText($"/proc/{proc.Id}/clear_refs", "5");
var before = Status("VmRSS:");
var watch = Stopwatch.StartNew();
var put = await http.PutAsync("/beta/me/photo/$value", Body(image, isPng ? "image/png" : "image/jpeg"));
var putBody = await put.Content.ReadAsStringAsync();
Console.WriteLine($"upload: {(int)put.StatusCode} in {watch.ElapsedMilliseconds} ms; {putBody[..Math.Min(putBody.Length, 220)]}");
if (put.IsSuccessStatusCode || scenario == "bomb")
{
    watch.Restart();
    var gets = new[] { "/beta/me/photos/48x48/$value", "/beta/me/photos/240x240/$value", "/beta/me/photos/648x648/$value", "/beta/me/photo/$value" }
        .Select(async p => { var r = await http.GetAsync(p); var bytes = await r.Content.ReadAsByteArrayAsync(); return $"{p} {(int)r.StatusCode} {bytes.Length}B"; }).ToArray();
    foreach (var line in await Task.WhenAll(gets)) Console.WriteLine("  " + line);
    Console.WriteLine($"four concurrent GETs: {watch.ElapsedMilliseconds} ms");
}
var peak = Status("VmHWM:");
await Task.Delay(3000);
var after = Status("VmRSS:");
Console.WriteLine($"RSS before {before / 1048576} MiB, peak growth {(peak - before) / 1048576} MiB, kept after 3 s {(after - before) / 1048576} MiB");
proc.Kill(true); proc.WaitForExit();
Directory.Delete(data, true);

static void Check(HttpResponseMessage r) { if (!r.IsSuccessStatusCode) throw new Exception($"{r.RequestMessage!.RequestUri} {(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}"); }
static ByteArrayContent Body(byte[] b, string type) { var c = new ByteArrayContent(b); c.Headers.ContentType = new MediaTypeHeaderValue(type); return c; }
static byte[] SmallJpeg() { using var bm = new SKBitmap(100, 100); bm.Erase(SKColors.Green); using var img = SKImage.FromBitmap(bm); return img.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray(); }
static byte[] NoisyJpeg(int side)
{
    using var bm = new SKBitmap(side, side);
    var rnd = new Random(7);
    var px = new byte[side * side * 4];
    for (var y = 0; y < side; y++) for (var x = 0; x < side; x++) { var i = (y * side + x) * 4; var n = rnd.Next(24); px[i] = (byte)(x * 255 / side + n); px[i + 1] = (byte)(y * 255 / side + n); px[i + 2] = (byte)((x + y) * 127 / side); px[i + 3] = 255; }
    System.Runtime.InteropServices.Marshal.Copy(px, 0, bm.GetPixels(), px.Length);
    using var img = SKImage.FromBitmap(bm);
    return img.Encode(SKEncodedImageFormat.Jpeg, int.Parse(Environment.GetEnvironmentVariable("Q") ?? "80")).ToArray();
}
static byte[] GradientPng(int side)
{
    using var bm = new SKBitmap(side, side);
    using (var canvas = new SKCanvas(bm)) using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(side, side), [SKColors.Red, SKColors.Blue], SKShaderTileMode.Clamp) }) canvas.DrawRect(0, 0, side, side, paint);
    using var img = SKImage.FromBitmap(bm);
    return img.Encode(SKEncodedImageFormat.Png, 100).ToArray();
}
static byte[] GreyPng(int w, int h, string? bomb)
{
    var o = new MemoryStream();
    o.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
    var ihdr = new byte[13]; BE(ihdr, 0, w); BE(ihdr, 4, h); ihdr[8] = 8; ihdr[9] = 0;
    Chunk(o, "IHDR", ihdr);
    if (bomb is not null)
    {
        var zb = new MemoryStream();
        zb.Write(bomb == "iccp" ? Encoding.ASCII.GetBytes("icc\0\0") : Encoding.ASCII.GetBytes("Comment\0\0"));
        using (var zs = new ZLibStream(zb, CompressionLevel.SmallestSize, true)) { var zeros = new byte[1 << 20]; for (var i = 0; i < 3500; i++) zs.Write(zeros); }
        Chunk(o, bomb == "iccp" ? "iCCP" : "zTXt", zb.ToArray());
    }
    var z = new MemoryStream();
    using (var zs = new ZLibStream(z, CompressionLevel.SmallestSize, true)) { var row = new byte[w + 1]; Array.Fill(row, (byte)0x80); row[0] = 0; for (var y = 0; y < h; y++) zs.Write(row); }
    Chunk(o, "IDAT", z.ToArray());
    Chunk(o, "IEND", []);
    return o.ToArray();
}
static void BE(byte[] b, int at, int v) { b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v; }
static void Chunk(Stream o, string type, byte[] body)
{
    var len = new byte[4]; BE(len, 0, body.Length); o.Write(len);
    var tb = Encoding.ASCII.GetBytes(type); o.Write(tb); o.Write(body);
    uint c = 0xFFFFFFFF; foreach (var x in tb.Concat(body)) { c ^= x; for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1; }
    var crc = new byte[4]; BE(crc, 0, (int)~c); o.Write(crc);
}
