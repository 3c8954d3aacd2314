using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;
using SettingsHistory = PhotoSettings.Emulator.Tenants.SettingHistory<PhotoSettings.Emulator.Tenants.PhotoUpdateSettings>;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The settings history at its boundaries: what each lookup answers as changes are recorded, mature and collapse.</summary>
public sealed class SettingsHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly PhotoUpdateSettings Admins = new(PhotoUpdateSource.Cloud, [RoleCatalog.UserAdministrator]);
    private static readonly PhotoUpdateSettings Globals = new(PhotoUpdateSource.Cloud, [RoleCatalog.GlobalAdministrator]);

    [Fact]
    public void AnEmptyHistoryHasTheDefaultsConfiguredAndInEffectAndNothingPending()
    {
        var history = SettingsHistory.Empty;

        Assert.Equal(PhotoUpdateSettings.Default, history.Configured);
        Assert.Equal(PhotoUpdateSettings.Default, history.EffectiveAt(Start));
        Assert.Null(history.EffectiveVersion(DateTimeOffset.MaxValue));
        Assert.Equal(0, history.PendingCount(Start));
        Assert.Empty(history.Pending(Start));
        Assert.Empty(history.Versions);
    }

    [Fact]
    public void OnePendingChangeIsConfiguredAtOnceAndTakesEffectExactlyAtItsEffectiveAt()
    {
        var history = SettingsHistory.Empty.WithChange(Admins, Start, Day);

        Assert.Equal(Admins, history.Configured);
        Assert.Equal(PhotoUpdateSettings.Default, history.EffectiveAt(Start + Day - Tick));
        Assert.Equal(Admins, history.EffectiveAt(Start + Day));
        Assert.Equal(Start + Day, history.EffectiveVersion(Start + Day)!.EffectiveAt);
        var pending = Assert.Single(history.Pending(Start + Day - Tick));
        Assert.Equal((Admins, Start, Start + Day), (pending.Settings, pending.RequestedAt, pending.EffectiveAt));
        Assert.Empty(history.Pending(Start + Day));
    }

    [Fact]
    public void AChangeMadeExactlyAtAPendingOnesEffectiveAtFindsItInEffectAndKeepsItAsTheBase()
    {
        var first = SettingsHistory.Empty.WithChange(Admins, Start, Day);

        var second = first.WithChange(Globals, Start + Day, Day);

        Assert.Equal(Admins, second.EffectiveAt(Start + Day));
        Assert.Equal(Globals, second.Configured);
        Assert.Equal([Start + Day, Start + Day + Day], second.Versions.Select(v => v.EffectiveAt));
        Assert.Equal(1, second.PendingCount(Start + Day));
        Assert.Equal(Globals, second.EffectiveAt(Start + Day + Day));
    }

    [Fact]
    public void WhenEveryChangeHasMaturedOnlyTheNewestIsKeptBesideTheNextChange()
    {
        var history = SettingsHistory.Empty;
        for (var i = 0; i < 5; i++)
        {
            history = history.WithChange(i % 2 == 0 ? Admins : Globals, Start + TimeSpan.FromHours(i), Day);
        }

        var later = Start + TimeSpan.FromDays(3);
        Assert.Equal(Admins, history.EffectiveAt(later));
        Assert.Equal(0, history.PendingCount(later));

        history = history.WithChange(Globals, later, Day);

        Assert.Equal(2, history.Count);
        Assert.Equal(Start + TimeSpan.FromHours(4) + Day, history.EffectiveVersion(later)!.EffectiveAt);
        Assert.Equal(Admins, history.EffectiveAt(later));
        Assert.Equal(Globals, history.EffectiveAt(later + Day));
    }

    [Fact]
    public void AShorterDelayNeverLetsAChangeTakeEffectBeforeAnEarlierOne()
    {
        var history = SettingsHistory.Empty.WithChange(Admins, Start, Day).WithChange(Globals, Start + TimeSpan.FromHours(1), TimeSpan.Zero);

        Assert.Equal(PhotoUpdateSettings.Default, history.EffectiveAt(Start + TimeSpan.FromHours(2)));
        Assert.Equal(Globals, history.EffectiveAt(Start + Day));
        Assert.Equal([Start + Day, Start + Day], history.Versions.Select(v => v.EffectiveAt));
    }

    [Fact]
    public void AChangeIdenticalToTheNewestPendingOneAddsNoVersionButOneIdenticalToTheSettingsInEffectDoes()
    {
        var history = SettingsHistory.Empty.WithChange(Admins, Start, Day);

        var again = history.WithChange(new PhotoUpdateSettings(PhotoUpdateSource.Cloud, [RoleCatalog.UserAdministrator]), Start + TimeSpan.FromHours(1), Day);

        Assert.Same(history, again);
        var matured = again.WithChange(Admins, Start + Day, Day);
        Assert.Equal(2, matured.Count);
        Assert.Equal(1, matured.PendingCount(Start + Day));
        Assert.Equal(Admins, matured.EffectiveAt(Start + Day + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AtTheCapTheOldestPendingChangeIsSupersededAndNeverTakesEffect()
    {
        var history = SettingsHistory.Empty;
        for (var i = 0; i < 5; i++)
        {
            history = history.WithChange(i % 2 == 0 ? Admins : Globals, Start + TimeSpan.FromHours(i), Day, maxPending: 3);
        }

        Assert.Equal(3, history.Count);
        Assert.Equal(2, history.Superseded);
        Assert.Equal([Start + TimeSpan.FromHours(2), Start + TimeSpan.FromHours(3), Start + TimeSpan.FromHours(4)],
            history.Pending(Start + TimeSpan.FromHours(4)).Select(v => v.RequestedAt));
        // The first two would have been in effect from Start + 24 h and + 25 h.
        Assert.Equal(PhotoUpdateSettings.Default, history.EffectiveAt(Start + Day + TimeSpan.FromHours(1)));
        Assert.Equal(Admins, history.EffectiveAt(Start + Day + TimeSpan.FromHours(2)));
        Assert.Equal(Admins, history.EffectiveAt(Start + Day + TimeSpan.FromHours(4)));
    }

    [Fact]
    public void TheCapCountsOnlyPendingChangesNotTheOneInEffect()
    {
        var history = SettingsHistory.Empty.WithChange(Admins, Start, TimeSpan.Zero, maxPending: 1);

        history = history.WithChange(Globals, Start + TimeSpan.FromHours(1), Day, maxPending: 1);

        Assert.Equal(0, history.Superseded);
        Assert.Equal(Admins, history.EffectiveAt(Start + TimeSpan.FromHours(1)));
        Assert.Equal(Globals, history.Configured);
    }

    [Fact]
    public void AnOlderSnapshotExtendedTwiceKeepsEachBranchAsItWasMade()
    {
        var trunk = SettingsHistory.Empty.WithChange(Admins, Start, Day);

        var left = trunk.WithChange(Globals, Start + TimeSpan.FromHours(1), Day);
        var right = trunk.WithChange(PhotoUpdateSettings.Default, Start + TimeSpan.FromHours(2), Day);

        Assert.Equal(Admins, trunk.Configured);
        Assert.Equal(1, trunk.Count);
        Assert.Equal(Globals, left.Configured);
        Assert.Equal(PhotoUpdateSettings.Default, right.Configured);
        Assert.Equal([Start, Start + TimeSpan.FromHours(1)], left.Versions.Select(v => v.RequestedAt));
        Assert.Equal([Start, Start + TimeSpan.FromHours(2)], right.Versions.Select(v => v.RequestedAt));
    }

    [Fact]
    public void PendingChangesPageFromAnOffsetAndStopAtTheEnd()
    {
        var history = SettingsHistory.Empty;
        for (var i = 0; i < 10; i++)
        {
            history = history.WithChange(i % 2 == 0 ? Admins : Globals, Start + TimeSpan.FromHours(i), Day);
        }

        var at = Start + Day + TimeSpan.FromHours(1);
        Assert.Equal(8, history.PendingCount(at));
        Assert.Equal([2, 3, 4], history.Pending(at, skip: 0, take: 3).Select(v => (v.RequestedAt - Start).Hours));
        Assert.Equal([8, 9], history.Pending(at, skip: 6, take: 3).Select(v => (v.RequestedAt - Start).Hours));
        Assert.Empty(history.Pending(at, skip: 8, take: 3));
        Assert.Empty(history.Pending(at, skip: int.MaxValue, take: 3));
    }

    [Fact]
    public void AHistoryReadFromASnapshotAnswersLikeTheOneThatWroteIt()
    {
        var written = SettingsHistory.Empty.WithChange(Admins, Start, Day).WithChange(Globals, Start + TimeSpan.FromHours(1), Day);

        var read = SettingsHistory.From(written.Versions, superseded: 4).WithChange(Admins, Start + Day, Day);

        Assert.Equal(4, read.Superseded);
        Assert.Equal(Admins, read.EffectiveAt(Start + Day));
        Assert.Equal(Globals, read.EffectiveAt(Start + Day + TimeSpan.FromHours(1)));
        Assert.Equal(Admins, read.Configured);
    }
}
