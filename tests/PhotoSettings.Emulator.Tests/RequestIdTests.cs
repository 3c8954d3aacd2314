namespace PhotoSettings.Emulator.Tests;

/// <summary>The request-id each Graph answer carries: a fresh random GUID, as Graph's are, and the one the journal records.</summary>
public sealed class RequestIdTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Fact]
    public async Task EveryAnswerCarriesItsOwnVersion4RequestIdThatTheJournalRecords()
    {
        var emulator = await shared.FreshAsync();
        using var client = emulator.CreateClient();
        var sent = new List<string>();

        for (var i = 0; i < 20; i++)
        {
            using var answer = await client.GetAsync(EmulatorFactory.SettingsPath);
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            sent.Add(GraphAssert.Ids(answer));
        }

        Assert.Equal(sent.Count, sent.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(sent, id =>
        {
            var guid = Guid.Parse(id);
            Assert.Equal(4, guid.Version);
            // The RFC 9562 variant: the top two bits of the variant field are 10.
            Assert.Equal(0b10, guid.Variant >> 2);
            Assert.Equal(guid.ToString(), id);
        });
        var journaled = await emulator.GetRequestsAsync(path: "photoUpdateSettings");
        Assert.Equal(sent, journaled.Select(e => e.RequestId));
    }
}
