using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The shared in-memory state both stores keep: whoever sees a state is handed the commit that stores it,
/// so a store never answers with a change a crash could still lose.
/// </summary>
public sealed class TenantStatesTests
{
    private static readonly TenantState Contoso = TenantState.New(new Tenant(Guid.Parse("eeee0000-0000-4000-8000-000000000001"), "Contoso", IdentityModel.CloudOnly));
    private static readonly Guid Id = Contoso.Tenant.Id;

    [Fact]
    public void AReaderOfAStateWhoseCommitIsInFlightIsHandedThatCommit()
    {
        using var states = new TenantStates([Contoso], TimeSpan.Zero);
        var commit = new TaskCompletionSource();
        var renamed = Contoso with { ChangeCount = 1 };

        states.Change(Id, _ => renamed, (_, _) => commit.Task);
        var (state, pending) = states.Find(Id);

        Assert.Same(renamed, state);
        Assert.NotNull(pending);
        Assert.False(pending.IsCompleted);
        commit.SetResult();
        Assert.True(pending.IsCompletedSuccessfully);
    }

    [Fact]
    public void AChangeThatWritesNothingStillWaitsForTheStateItSaw()
    {
        using var states = new TenantStates([Contoso], TimeSpan.Zero);
        var commit = new TaskCompletionSource();
        states.Change(Id, current => current! with { ChangeCount = 1 }, (_, _) => commit.Task);

        var written = false;
        var (state, pending) = states.Change(Id, current => current, (_, _) =>
        {
            written = true;
            return null;
        });

        Assert.False(written);
        Assert.Equal(1, state!.ChangeCount);
        Assert.Same(commit.Task, pending);
    }

    [Fact]
    public void ATenantReadWaitsForAnEmulatorWideClockAdvanceInFlight()
    {
        using var states = new TenantStates([Contoso], TimeSpan.Zero);
        var commit = new TaskCompletionSource();

        var (offset, _) = states.AdvanceGlobalClock(TimeSpan.FromHours(1), _ => commit.Task);
        var (_, pending) = states.Find(Id);

        Assert.Equal(TimeSpan.FromHours(1), offset);
        Assert.Equal(TimeSpan.FromHours(1), states.GlobalClockOffset);
        Assert.Same(commit.Task, pending);
    }

    [Fact]
    public void ATenantAReplacementRemovedReadsAsMissingOnlyWithTheReplacementsCommit()
    {
        using var states = new TenantStates([Contoso], TimeSpan.Zero);
        var commit = new TaskCompletionSource();

        states.Replace([], TimeSpan.FromDays(1), () => commit.Task);
        var (state, pending) = states.Find(Id);

        Assert.Null(state);
        Assert.Same(commit.Task, pending);
        Assert.Empty(states.All().States);
    }

    [Fact]
    public void AFailedWriteChangesNothing()
    {
        using var states = new TenantStates([Contoso], TimeSpan.Zero);

        Assert.Throws<InvalidOperationException>(() =>
            states.Change(Id, current => current! with { ChangeCount = 1 }, (_, _) => throw new InvalidOperationException("disk full")));

        Assert.Same(Contoso, states.Find(Id).State);
    }

    [Fact]
    public async Task AnAnswerAfterACommitCompletesOnlyWithTheCommit()
    {
        var commit = new TaskCompletionSource();

        var answer = Durability.After("stored", commit.Task);

        Assert.False(answer.IsCompleted);
        commit.SetResult();
        Assert.Equal("stored", await answer);
        Assert.True(Durability.After("memory", null).IsCompletedSuccessfully);
    }
}
