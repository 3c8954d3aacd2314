using PhotoSettings.Testing;

namespace PhotoPolicyAuditor.Tests;

/// <summary>One in-process emulator for the whole collection; each test makes its own tenant, so tests stay apart.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public InProcessEmulator Emulator { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
