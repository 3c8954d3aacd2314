namespace PhotoSettings.Emulator.Tests;

/// <summary>The journal names the Host each Graph request was addressed to, as the control API and the Testing package read it.</summary>
public sealed class JournalHostTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Fact]
    public async Task ARequestByBaseUrlIsJournaledUnderTheHostItNamed()
    {
        var emulator = await shared.FreshAsync();
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/beta/admin/people/photoUpdateSettings");
        request.Headers.Host = "127.0.0.1:5080";

        using var answer = await client.SendAsync(request);
        var journaled = await emulator.GetRequestsAsync(path: "photoUpdateSettings");

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        var entry = Assert.Single(journaled);
        Assert.Equal("127.0.0.1:5080", entry.Host);
        Assert.Equal("/beta/admin/people/photoUpdateSettings", entry.Path);
    }
}
