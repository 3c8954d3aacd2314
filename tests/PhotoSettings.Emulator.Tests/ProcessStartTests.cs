using System.Net;
using System.Net.Http.Headers;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What a process start does besides starting: it reads a throwaway token and builds its endpoints on another core
/// (StartupWarmUp) and holds collections off until its first answer (MemoryTrim). None of it may show: the state a
/// user sees after the start is the one the configuration describes.
/// </summary>
[Trait("Category", "Process")]
public sealed class ProcessStartTests
{
    [Fact]
    public async Task AfterTheStartAndAFirstGraphAnswerTheEmulatorHoldsTheBuiltInTenantsAndJournalsOnlyThatRequest()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        using var client = emulator.CreateClient();
        var token = Tokens.Unsigned(Tokens.Claims(DateTimeOffset.UtcNow, DefaultTenants.HybridId, ("roles", new[] { "PeopleSettings.Read.All" })));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/beta/admin/people/photoUpdateSettings");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var tenants = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/tenants"));
        Assert.Equal(
            new[] { DefaultTenants.CloudOnlyId, DefaultTenants.HybridId }.Select(id => id.ToString()).Order(),
            tenants.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).Order());
        var journal = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/requests"));
        var entry = Assert.Single(journal.EnumerateArray());
        Assert.Equal("/beta/admin/people/photoUpdateSettings", entry.GetProperty("path").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
    }
}
