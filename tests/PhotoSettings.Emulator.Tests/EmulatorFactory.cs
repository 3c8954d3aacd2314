using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The shipped <see cref="InProcessEmulator"/> with this suite's helpers: a clock the test owns, captured logs,
/// and clients that carry a token. Tests make their own (a fresh store each), so no test sees another's writes.
/// </summary>
public sealed class EmulatorFactory : InProcessEmulator, IDisposable
{
    public const string SettingsPath = "/beta/admin/people/photoUpdateSettings";

    private static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    // RSA key generation is the slowest part of starting a host; the suite's hosts share one key.
    private static readonly EmulatorSigningKey SharedKey = new();

    private readonly Dictionary<string, string?> _settings;

    public EmulatorFactory()
        : this([])
    {
    }

    private EmulatorFactory(Dictionary<string, string?> settings)
        : base(settings, Start)
    {
        _settings = settings;
        Server = new TestServerView(this);
    }

    /// <summary>Every log line the emulator wrote, formatted.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The in-process server's address and handler, for clients built by hand (a Graph SDK adapter).</summary>
    public TestServerView Server { get; }

    /// <summary>Sets a configuration key; only before the emulator's first use (it starts then).</summary>
    public EmulatorFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(SharedKey);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new CapturingLoggerProvider(Logs));

        // The shipped emulator logs only warnings in process; the tests that read its log see everything, while
        // the test runner's console stays as quiet as a user's.
        services.AddLogging(logging => logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Information));
    }

    /// <summary>
    /// A client that follows redirects and starts with an application token holding every permission in the
    /// default hybrid tenant (the tenant the guide's examples need); <see cref="ClientWith"/> sends another or none.
    /// </summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(new RedirectHandler { InnerHandler = CreateHandler() }) { BaseAddress = BaseAddress };
        if (Services.GetRequiredService<ITenantStore>().Peek(DefaultTenants.HybridId) is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppToken(DefaultTenants.HybridId));
        }

        return client;
    }

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An application token minted by the emulator; null roles means every permission.</summary>
    public string AppToken(Guid tenantId, string[]? roles = null, TimeSpan? lifetime = null) =>
        Mint(tenantId, null, null, roles, lifetime);

    /// <summary>A delegated token for a user of the tenant; null scopes means every permission.</summary>
    public string UserToken(Guid tenantId, Guid userId, string[]? scopes = null, TimeSpan? lifetime = null) =>
        Mint(tenantId, userId, scopes, null, lifetime);

    private string Mint(Guid tenantId, Guid? userId, string[]? scopes, string[]? roles, TimeSpan? lifetime)
    {
        var tenant = Services.GetRequiredService<ITenantStore>().Peek(tenantId)?.Tenant
            ?? throw new InvalidOperationException($"no tenant {tenantId}");
        var user = userId is { } id ? tenant.Users.Single(u => u.Id == id) : null;
        return Services.GetRequiredService<TokenIssuer>()
            .Mint(new TokenGrant(tenant, user, null, scopes, roles, null, lifetime ?? TimeSpan.FromHours(1))).AccessToken;
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

    /// <summary>
    /// The tenant the request journal says the newest Graph request acted in: the settings' answer carries no
    /// <c>id</c> (Graph's does not), so tests that check which tenant a token reached ask the journal.
    /// </summary>
    public async Task<string?> TenantOfLastRequestAsync()
    {
        var journal = await GraphAssert.JsonAsync(await CreateClient().GetAsync("/_emulator/requests"));
        return journal.EnumerateArray().Last().GetProperty("tenantId").GetString();
    }

    /// <summary>Source and allowedRoles as one comparable string, e.g. <c>cloud|[]</c> (<c>null|[]</c> when the source is unset).</summary>
    public async Task<string> SettingsFingerprintAsync() => GraphAssert.Fingerprint(await GetSettingsAsync());

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>What tests read of the in-process server: its address and a handler that reaches it.</summary>
    public sealed class TestServerView(InProcessEmulator emulator)
    {
        public Uri BaseAddress => emulator.BaseAddress;

        public HttpMessageHandler CreateHandler() => emulator.CreateHandler();
    }
}

/// <summary>Collects formatted log lines, so tests can read what the emulator told its operator.</summary>
public sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
