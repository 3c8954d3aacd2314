namespace PhotoSettings.Testing;

/// <summary>
/// An emulator that is already running: <c>dotnet run</c>, the .NET tool, or a CI service container.
/// The test reaches it over HTTP(S); time moves through the control API's clocks.
/// </summary>
/// <param name="baseAddress">For example http://localhost:5080.</param>
/// <param name="apiKey">The emulator's <c>Emulator:Control:ApiKey</c>, if it has one.</param>
/// <param name="handler">A handler of your own, for example one that trusts the emulator's HTTPS certificate.</param>
public sealed class RemoteEmulator(Uri baseAddress, string? apiKey = null, HttpMessageHandler? handler = null) : PhotoSettingsEmulator
{
    public override Uri BaseAddress { get; } = baseAddress;

    public override ValueTask DisposeAsync()
    {
        handler?.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override HttpClient CreateRawClient()
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = BaseAddress;
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Emulator-Key", apiKey);
        }

        return client;
    }
}
