using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// One in-process emulator with a clock the test owns. Tests make their own (a fresh store each),
/// so no test sees another's writes.
/// </summary>
public sealed class EmulatorFactory : WebApplicationFactory<Program>
{
    public const string SettingsPath = "/beta/admin/people/photoUpdateSettings";

    private readonly Dictionary<string, string?> _settings = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));

    public EmulatorFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));

    public async Task<HttpResponseMessage> PatchAsync(string json, string path = SettingsPath) =>
        await CreateClient().PatchAsync(path, Json(json));

    public async Task<HttpResponseMessage> PostAsync(string json, string path = SettingsPath) =>
        await CreateClient().PostAsync(path, Json(json));

    /// <summary>The settings as a client reads them now (status asserted).</summary>
    public async Task<JsonElement> GetSettingsAsync()
    {
        var response = await CreateClient().GetAsync(SettingsPath);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await GraphAssert.JsonAsync(response);
    }

    /// <summary>Source and allowedRoles as one comparable string, e.g. <c>cloud|[]</c>.</summary>
    public async Task<string> SettingsFingerprintAsync() => GraphAssert.Fingerprint(await GetSettingsAsync());
}
