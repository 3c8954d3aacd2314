using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("36:30:00", 36 * 60 + 30)]
    [InlineData("00:00:00", 0)]
    [InlineData("PT24H", 24 * 60)]
    [InlineData("P1DT2H", 26 * 60)]
    [InlineData("1.00:00:00", 24 * 60)]
    [InlineData("00:05:00", 5)]
    public void ConfigurationDurationsMeanWhatPeopleWrite(string text, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a day")]
    [InlineData("PT")]
    [InlineData("10:75:00")]
    public void NonsenseIsNotADuration(string text) => Assert.False(DurationText.TryParse(text, out _));
}
