using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Xml;

namespace PhotoSettings.Testing;

/// <summary>
/// An emulator a test talks to, in-process (<see cref="InProcessEmulator"/>) or running elsewhere
/// (<see cref="RemoteEmulator"/>): the same helpers over the same control API either way. Framework-free:
/// use it from xunit, NUnit, MSTest or a console.
/// </summary>
public abstract partial class PhotoSettingsEmulator : IAsyncDisposable
{
    /// <summary>Where the emulator answers (in-process: a placeholder host the handler serves).</summary>
    public abstract Uri BaseAddress { get; }

    /// <summary>An HttpClient to the emulator that sends <paramref name="accessToken"/> as a Bearer token, if any.</summary>
    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = CreateRawClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>A client for a user of the tenant (an object id or userPrincipalName), with its roles as <c>wids</c>.</summary>
    public async Task<HttpClient> CreateClientForUserAsync(Guid tenantId, string user, IReadOnlyList<string>? scopes = null, CancellationToken cancellationToken = default) =>
        CreateClient(await MintTokenAsync(new TokenRequest(tenantId, user, Scopes: scopes), cancellationToken));

    /// <summary>A client for an application of the tenant, with <paramref name="roles"/> (every permission when null).</summary>
    public async Task<HttpClient> CreateClientForAppAsync(Guid tenantId, IReadOnlyList<string>? roles = null, CancellationToken cancellationToken = default) =>
        CreateClient(await MintTokenAsync(new TokenRequest(tenantId, Roles: roles), cancellationToken));

    /// <summary>Mints a token signed by the emulator (<c>POST /_emulator/tokens</c>).</summary>
    public async Task<string> MintTokenAsync(TokenRequest request, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/_emulator/tokens")
        {
            Content = JsonContent.Create(request, TestingJsonContext.Default.TokenRequest),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await client.SendAsync(message, cancellationToken);
        await EnsureAsync(response, "mint a token", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Creates (or replaces) a tenant with its users, custom roles and applications.</summary>
    public async Task<TestTenant> CreateTenantAsync(TestTenant tenant, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.PutAsync(
            $"/_emulator/tenants/{tenant.Id}", JsonContent.Create(tenant, TestingJsonContext.Default.TestTenant), cancellationToken);
        await EnsureAsync(response, $"create tenant {tenant.Id}", cancellationToken);
        return tenant;
    }

    public async Task DeleteTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.DeleteAsync($"/_emulator/tenants/{tenantId}", cancellationToken);
        await EnsureAsync(response, $"delete tenant {tenantId}", cancellationToken);
    }

    /// <summary>Back to a fresh tenant: settings, their history, photos and the tenant's clock.</summary>
    public async Task ResetTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.PostAsync($"/_emulator/tenants/{tenantId}/reset", null, cancellationToken);
        await EnsureAsync(response, $"reset tenant {tenantId}", cancellationToken);
    }

    /// <summary>Moves one tenant's clock forward (other tenants keep their time).</summary>
    public Task<ClockReading> AdvanceTenantClockAsync(Guid tenantId, TimeSpan by, CancellationToken cancellationToken = default) =>
        AdvanceAsync($"/_emulator/tenants/{tenantId}/clock/advance", by, cancellationToken);

    /// <summary>Moves every tenant's clock forward.</summary>
    public Task<ClockReading> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        AdvanceAsync("/_emulator/clock/advance", by, cancellationToken);

    /// <summary>
    /// The tenant's configured, effective and pending photoUpdateSettings. <see cref="SettingsState.Pending"/> is one page,
    /// oldest first: from the <paramref name="skip"/>th pending change, at most <paramref name="limit"/> of them (the
    /// emulator's default, 100, when null; at most 1000); <see cref="SettingsState.PendingTotal"/> counts them all.
    /// </summary>
    public async Task<SettingsState> GetSettingsStateAsync(Guid tenantId, int skip = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        var query = skip == 0 && limit is null ? "" : $"?skip={skip}" + (limit is { } l ? $"&limit={l}" : "");
        using var response = await client.GetAsync($"/_emulator/tenants/{tenantId}/photoUpdateSettings{query}", cancellationToken);
        await EnsureAsync(response, $"read tenant {tenantId}'s settings", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.SettingsState, cancellationToken))!;
    }

    /// <summary>The tenant's configured, effective and first page of pending photoUpdateSettings.</summary>
    public Task<SettingsState> GetSettingsStateAsync(Guid tenantId, CancellationToken cancellationToken) =>
        GetSettingsStateAsync(tenantId, 0, null, cancellationToken);

    /// <summary>
    /// Any setting's configured, effective and pending values, by its Graph name (<c>photoUpdateSettings</c>, <c>pronouns</c>,
    /// <c>namePronunciation</c>, <c>itemInsights</c>, and the collections <c>profileCardProperties</c>, <c>profilePropertySettings</c>
    /// and <c>profileSources</c>, whose values are JSON arrays of their items), paged as <see cref="GetSettingsStateAsync(Guid, int, int?, CancellationToken)"/> is.
    /// </summary>
    public async Task<SettingTimeline> GetSettingTimelineAsync(Guid tenantId, string setting, int skip = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        var query = skip == 0 && limit is null ? "" : $"?skip={skip}" + (limit is { } l ? $"&limit={l}" : "");
        using var response = await client.GetAsync($"/_emulator/tenants/{tenantId}/settings/{Uri.EscapeDataString(setting)}/timeline{query}", cancellationToken);
        await EnsureAsync(response, $"read tenant {tenantId}'s {setting}", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.SettingTimeline, cancellationToken))!;
    }

    /// <summary>Adds a fault rule; returns it with its id.</summary>
    public async Task<FaultRule> AddFaultAsync(FaultRule rule, CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.PostAsync("/_emulator/faults", JsonContent.Create(rule, FaultJsonContext.Default.FaultRule), cancellationToken);
        await EnsureAsync(response, "add a fault rule", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(FaultJsonContext.Default.FaultRule, cancellationToken))!;
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.DeleteAsync("/_emulator/faults", cancellationToken);
        await EnsureAsync(response, "clear the fault rules", cancellationToken);
    }

    /// <summary>The journal of Graph requests, filtered as the control API filters it.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> GetRequestsAsync(
        Guid? tenantId = null, string? path = null, int? status = null, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (tenantId is { } t) { query.Add($"tenantId={t}"); }
        if (path is not null) { query.Add($"path={Uri.EscapeDataString(path)}"); }
        if (status is { } s) { query.Add($"status={s}"); }
        if (since is { } from) { query.Add($"since={Uri.EscapeDataString(from.ToString("O"))}"); }
        using var client = CreateRawClient();
        using var response = await client.GetAsync("/_emulator/requests" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), cancellationToken);
        await EnsureAsync(response, "read the request journal", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(FaultJsonContext.Default.RecordedRequestArray, cancellationToken))!;
    }

    public async Task ClearRequestsAsync(CancellationToken cancellationToken = default)
    {
        using var client = CreateRawClient();
        using var response = await client.DeleteAsync("/_emulator/requests", cancellationToken);
        await EnsureAsync(response, "clear the request journal", cancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>A client to the emulator with no Authorization header (control calls carry the API key, if any).</summary>
    protected abstract HttpClient CreateRawClient();

    private async Task<ClockReading> AdvanceAsync(string path, TimeSpan by, CancellationToken cancellationToken)
    {
        using var client = CreateRawClient();
        using var response = await client.PostAsync(
            path, JsonContent.Create(new AdvanceBody(XmlConvert.ToString(by)), TestingJsonContext.Default.AdvanceBody), cancellationToken);
        await EnsureAsync(response, $"advance the clock by {by}", cancellationToken);
        return (await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.ClockReading, cancellationToken))!;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"The emulator refused to {what}: {(int)response.StatusCode} {body}");
        }
    }
}
