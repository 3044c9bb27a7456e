using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>What a person reads when a copy cannot be made: one line naming the target and the fix, and nothing on the target.</summary>
public sealed class TargetErrorTests(PostgresCluster cluster, S3Server s3)
{
    private const string WrongSecret = "hg-wrong-secret-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A workspace whose one database has a daily set, with a new bucket as the target <c>offsite</c>.</summary>
    private async Task<(Workspace Workspace, Offsite Offsite, SetId Set)> BackedUpAsync(string prefix)
    {
        var source = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(100), Ct);
        var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target()));
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        return (workspace, offsite, workspace.AllSets().Single().Id);
    }

    [Theory]
    [InlineData("credentials", "the server refused the credentials (SignatureDoesNotMatch): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")]
    [InlineData("bucket", "' does not exist: create it, or fix the target's \"bucket\"")]
    [InlineData("endpoint", "cannot reach the endpoint (Connection refused")]
    public async Task Copy_TargetUnusable_OneLineNamingTheTargetAndTheFixExit1NothingListed(string problem, string fix)
    {
        var (workspace, offsite, _) = await BackedUpAsync("unusable");
        using var disposeWorkspace = workspace;
        var missingBucket = $"hg-missing-{Guid.NewGuid():N}"[..24];
        Offsite.WriteConfig(workspace, Offsite.Only(problem switch
        {
            "bucket" => offsite.Target(bucketName: missingBucket),
            "endpoint" => offsite.Target(endpoint: Offsite.UnreachableEndpoint()),
            _ => offsite.Target(),
        }));
        var environment = new Dictionary<string, string?>();
        if (problem == "credentials")
        {
            environment["AWS_SECRET_ACCESS_KEY"] = WrongSecret;
        }

        var copy = await workspace.RunAsync(environment, Ct, "copy", "latest", "--to", "offsite");

        Assert.Equal(1, copy.ExitCode);
        var line = Assert.Single(copy.ErrorLines);
        Assert.StartsWith("error: target 'offsite' (s3://", line, StringComparison.Ordinal);
        Assert.Contains(fix, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", copy.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, copy.Stdout + copy.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(s3.SecretAccessKey, copy.Stdout + copy.Stderr, StringComparison.Ordinal);
        Assert.Empty(await offsite.KeysAsync(Ct));
        Assert.Empty(await offsite.UploadsAsync(Ct));
    }

    [Fact]
    public async Task Copy_SameSetQueuedAsAJob_RefusedNamingTheJobNothingCopied()
    {
        var (workspace, offsite, set) = await BackedUpAsync("queued");
        using var disposeWorkspace = workspace;
        Assert.Equal(0, (await workspace.RunAsync(Ct, "enqueue", "copy", set.ToString(), "--to", "offsite")).ExitCode);

        var copy = await workspace.RunAsync(Ct, "copy", set.ToString(), "--to", "offsite");

        Assert.Equal(1, copy.ExitCode);
        Assert.Equal($"error: a copy of {set} to target 'offsite' is already queued or running as job 1: wait for it (`hourglass jobs show 1`), or cancel it first", Assert.Single(copy.ErrorLines));
        Assert.Empty(await offsite.KeysAsync(Ct));
    }

    [Fact]
    public async Task Copy_UnreadableManifestAtTheSetsIdOnTheTarget_RefusedAndLeftAsItIs()
    {
        var (workspace, offsite, set) = await BackedUpAsync("unreadable");
        using var disposeWorkspace = workspace;
        await offsite.WriteAsync(Offsite.KeyOf(set, "manifest.json"), "{ not a manifest"u8.ToArray(), Ct);

        var copy = await workspace.RunAsync(Ct, "copy", set.ToString(), "--to", "offsite");

        Assert.Equal(1, copy.ExitCode);
        Assert.StartsWith($"error: set {set} on target 'offsite' has a manifest that cannot be used (", Assert.Single(copy.ErrorLines), StringComparison.Ordinal);
        Assert.Equal([Offsite.KeyOf(set, "manifest.json")], await offsite.KeysAsync(Ct));
    }

    [Theory]
    [InlineData("weekly", 7, "'targets.offsite.tiers.weekly' is not one of the tiers (daily, hourly)")]
    [InlineData("daily", 0, "'targets.offsite.tiers.daily.keep' is 0: keep at least 1 set")]
    public async Task Copy_TargetMisconfigured_OneLineExit2NothingCopied(string tier, int keep, string problem)
    {
        var (workspace, offsite, _) = await BackedUpAsync("misconfigured");
        using var disposeWorkspace = workspace;
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(tier, keep)));

        var copy = await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite");

        Assert.Equal(2, copy.ExitCode);
        Assert.Contains(problem, Assert.Single(copy.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", copy.Stderr, StringComparison.Ordinal);
        Assert.Empty(await offsite.KeysAsync(Ct));
    }
}
