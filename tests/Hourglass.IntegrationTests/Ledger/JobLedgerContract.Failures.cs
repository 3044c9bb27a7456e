using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

/// <summary>The failures the alerts read: each group's newest finished job, when it was discarded.</summary>
public abstract partial class JobLedgerContract
{
    [Fact]
    public async Task DiscardedLastInGroup_ATiersFailureBehindManyJobsOfABusierTier_IsFound()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var daily = await FinishedJobs.FinishAsync(ledger, new NewJob(JobKind.Backup, """{"tier":"daily"}"""), succeed: false, Ct);
        for (var i = 0; i < 60; i++)
        {
            await FinishedJobs.FinishAsync(ledger, new NewJob(JobKind.Backup, """{"tier":"fast"}"""), succeed: true, Ct);
        }

        var failures = await ledger.DiscardedLastInGroupAsync(JobKind.Backup, "tier", Ct);

        Assert.Equal([daily], failures.Select(j => j.Id));
        Assert.DoesNotContain(daily, (await ledger.ListAsync(new JobQuery(Kind: JobKind.Backup, Limit: 50), Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task DiscardedLastInGroup_StaysWhileItsGroupsNextJobIsQueuedOrRunning_AndGoesWhenOneFinishes()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var copy = new NewJob(JobKind.Copy, """{"set":"a","target":"offsite"}""");
        await FinishedJobs.FinishAsync(ledger, copy, succeed: false, Ct);
        var failed = await FinishedJobs.FinishAsync(ledger, copy with { Args = """{"set":"b","target":"offsite"}""" }, succeed: false, Ct);
        await FinishedJobs.FinishAsync(ledger, copy with { Args = """{"set":"b","target":"other"}""" }, succeed: true, Ct);
        await ledger.EnqueueAsync(copy with { Args = """{"set":"c","target":"offsite"}""" }, Ct);
        var running = (await ledger.ClaimAsync("w", TimeSpan.FromMinutes(1), Ct))!;
        await ledger.EnqueueAsync(copy with { Args = """{"set":"d","target":"offsite"}""" }, Ct);

        var whileRunning = await ledger.DiscardedLastInGroupAsync(JobKind.Copy, "target", Ct);
        await ledger.CompleteAsync(running.Id, "w", running.Attempt, "{}", Ct);
        var afterwards = await ledger.DiscardedLastInGroupAsync(JobKind.Copy, "target", Ct);

        Assert.Equal([failed], whileRunning.Select(j => j.Id));
        Assert.Empty(afterwards);
    }

    [Fact]
    public async Task DiscardedLastInGroup_WithoutAField_GroupsByTheWholeArguments()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var restore = new NewJob(JobKind.Restore, """{"set":"s1","database":"app"}""");
        var failed = await FinishedJobs.FinishAsync(ledger, restore, succeed: false, Ct);
        await FinishedJobs.FinishAsync(ledger, restore with { Args = """{"set":"s2","database":"app"}""" }, succeed: true, Ct);
        await FinishedJobs.FinishAsync(ledger, new NewJob(JobKind.Verify, """{"set":"s1","database":"app"}"""), succeed: false, Ct);

        var failures = await ledger.DiscardedLastInGroupAsync(JobKind.Restore, null, Ct);

        Assert.Equal([failed], failures.Select(j => j.Id));
    }
}
