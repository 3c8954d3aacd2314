namespace PhotoSettings.Testcontainers.Tests;

/// <summary>What the builder refuses before any container exists (no container engine needed).</summary>
public sealed class PhotoSettingsBuilderTests
{
    [Fact]
    public void DefaultImageIsTheEmulatorImageTaggedWithThePackageVersion()
    {
        Assert.Equal("photosettings-emulator:0.1.0", PhotoSettingsBuilder.DefaultImage);
    }

    [Fact]
    public void NegativePropagationDelayIsRefused()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoSettingsBuilder().WithPropagationDelay(TimeSpan.FromSeconds(-1)));

        Assert.Equal("delay", refused.ParamName);
    }

    [Fact]
    public void PropagationDelayOverAYearIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoSettingsBuilder().WithPropagationDelay(TimeSpan.FromDays(366)));
    }

    [Fact]
    public void MissingTenantsFileIsRefusedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-tenants-{Guid.NewGuid():N}.json");

        var refused = Assert.Throws<FileNotFoundException>(() => new PhotoSettingsBuilder().WithTenantsFile(path));

        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public void UnknownAuthModeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhotoSettingsBuilder().WithAuthMode((PhotoSettingsAuthMode)42));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("a secret with spaces in it")]
    public void AManagedIdentitySecretTheEmulatorWouldRefuseIsRefused(string secret)
    {
        var refused = Assert.Throws<ArgumentException>(() => new PhotoSettingsBuilder().WithManagedIdentity(secret));

        Assert.Equal("secret", refused.ParamName);
    }
}
