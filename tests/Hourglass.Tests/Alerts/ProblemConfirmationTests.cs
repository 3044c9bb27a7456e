using Hourglass.Alerts;
using Hourglass.Ledger;

namespace Hourglass.Tests.Alerts;

/// <summary>A target listing error opens only when seen on evaluations in a row, and a copy failure clears the same way.</summary>
public sealed class ProblemConfirmationTests
{
    private static readonly DateTimeOffset Start = new(2025, 10, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Round = AlertMonitor.Interval;

    private static readonly Problem Unlisted = Problem.Of(AlertKinds.CopyFailed, "offsite", "target offsite cannot be listed: 503") with { NeedsConfirmation = true };
    private static readonly Problem DiskLow = Problem.Of(AlertKinds.DiskLow, "backupRoot", "the backup root has 1 MiB free");
    private static readonly Problem CopyJobDiscarded = Problem.Of(AlertKinds.CopyFailed, "offsite", "target offsite: copy job 9 failed for good");

    private static AlertRecord Open(Problem problem) => new(1, problem.Key, problem.Kind, problem.Subject, problem.Message, Start, Start, null, null);

    private static IReadOnlyList<string> Keys((IReadOnlyList<Problem> Confirmed, IReadOnlySet<string> Held) result) => [.. result.Confirmed.Select(p => p.Key)];

    [Fact]
    public void Apply_ListingErrorSeenOnce_DoesNotOpen()
    {
        var confirmation = new ProblemConfirmation();

        var first = confirmation.Apply([Unlisted], [], Start);

        Assert.Empty(first.Confirmed);
    }

    [Fact]
    public void Apply_ListingErrorOnTwoEvaluationsInARow_Opens()
    {
        var confirmation = new ProblemConfirmation();

        confirmation.Apply([Unlisted], [], Start);
        var second = confirmation.Apply([Unlisted], [], Start + Round);

        Assert.Equal([Unlisted.Key], Keys(second));
    }

    [Fact]
    public void Apply_ListingErrorTwiceWithinABurstOfEvents_DoesNotOpen()
    {
        var confirmation = new ProblemConfirmation();

        confirmation.Apply([Unlisted], [], Start);
        var woken = confirmation.Apply([Unlisted], [], Start + TimeSpan.FromSeconds(1));

        Assert.Empty(woken.Confirmed);
    }

    [Fact]
    public void Apply_ListingErrorWithACleanEvaluationBetween_StartsCountingAgain()
    {
        var confirmation = new ProblemConfirmation();

        confirmation.Apply([Unlisted], [], Start);
        confirmation.Apply([], [], Start + Round);
        var third = confirmation.Apply([Unlisted], [], Start + (2 * Round));
        var fourth = confirmation.Apply([Unlisted], [], Start + (3 * Round));

        Assert.Empty(third.Confirmed);
        Assert.Equal([Unlisted.Key], Keys(fourth));
    }

    [Fact]
    public void Apply_OtherProblems_OpenAtOnce()
    {
        var confirmation = new ProblemConfirmation();

        var first = confirmation.Apply([DiskLow, CopyJobDiscarded], [], Start);

        Assert.Equal([DiskLow.Key, CopyJobDiscarded.Key], Keys(first));
    }

    [Fact]
    public void Apply_ListingErrorAlreadyOpen_StaysCurrent_SoItIsReminded()
    {
        var confirmation = new ProblemConfirmation();

        var result = confirmation.Apply([Unlisted], [Open(Unlisted)], Start);

        Assert.Equal([Unlisted.Key], Keys(result));
        Assert.Empty(result.Held);
    }

    [Fact]
    public void Apply_OpenCopyFailureGoneOnce_IsHeld_AndResolvesAfterTwoCleanEvaluations()
    {
        var confirmation = new ProblemConfirmation();
        var open = new[] { Open(Unlisted) };

        var first = confirmation.Apply([], open, Start);
        var second = confirmation.Apply([], open, Start + Round);

        Assert.Equal([Unlisted.Key], first.Held);
        Assert.Empty(second.Held);
    }

    [Fact]
    public void Apply_OpenCopyFailureGoneThenBack_CountsCleanEvaluationsAgain()
    {
        var confirmation = new ProblemConfirmation();
        var open = new[] { Open(Unlisted) };

        confirmation.Apply([], open, Start);
        confirmation.Apply([Unlisted], open, Start + Round);
        var third = confirmation.Apply([], open, Start + (2 * Round));

        Assert.Equal([Unlisted.Key], third.Held);
    }

    [Fact]
    public void Apply_OtherOpenAlertGone_IsNotHeld()
    {
        var confirmation = new ProblemConfirmation();

        var result = confirmation.Apply([], [Open(DiskLow)], Start);

        Assert.Empty(result.Held);
    }
}
