using PhotoSettings.Emulator.Hosting;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The tool's switches become the configuration keys they stand for.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void SwitchesTranslateToConfigurationAndOthersPassThrough()
    {
        var output = new StringWriter();

        var args = EmulatorCommandLine.Translate(
            ["--port", "6000", "--https", "--https-port", "6001", "--tenants-file", "t.json", "--auth-mode", "Strict", "--data-dir", "/tmp/d", "--Emulator:Propagation:Delay=00:00:00"],
            output, out var exitCode);

        Assert.Equal(
            ["--urls=http://localhost:6000", "--Emulator:Https:Enabled=true", "--Emulator:Https:Port=6001", "--Emulator:TenantsFile=t.json",
             "--Emulator:Auth:Mode=Strict", "--Emulator:DataDir=/tmp/d", "--Emulator:Propagation:Delay=00:00:00"],
            args!);
        Assert.Equal(0, exitCode);
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData(0, "--help")]
    [InlineData(2, "--port", "http")]
    [InlineData(2, "--tenants-file")]
    [InlineData(2, "--proxy-port", "0")]
    [InlineData(2, "--proxy-port", "8888x")]
    [InlineData(2, "--proxy-port")]
    public void HelpAndUsageErrorsAreAnsweredWithoutStarting(int expectedExit, params string[] arguments)
    {
        var output = new StringWriter();

        var args = EmulatorCommandLine.Translate(arguments, output, out var exitCode);

        Assert.Null(args);
        Assert.Equal(expectedExit, exitCode);
        Assert.Contains("Usage: photosettings-emulator [options]", output.ToString());
    }

    [Fact]
    public void PrintTokensAsksForTheStartUpTokens()
    {
        var output = new StringWriter();

        var args = EmulatorCommandLine.Translate(["--print-tokens"], output, out var exitCode);

        Assert.Equal(["--Emulator:PrintTokens=true"], args!);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void ProxyPortTurnsTheProxyOnAtThatPort()
    {
        var output = new StringWriter();

        var args = EmulatorCommandLine.Translate(["--proxy-port", "8888"], output, out var exitCode);

        Assert.Equal(["--Emulator:Proxy:Port=8888"], args!);
        Assert.Equal(0, exitCode);
        Assert.Contains("--proxy-port <port>", EmulatorCommandLine.Usage);
    }
}
