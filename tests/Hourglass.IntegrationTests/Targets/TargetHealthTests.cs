using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>status and doctor look at every target: the newest copy per database, and whether the target can be written.</summary>
public sealed class TargetHealthTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A workspace with one database and a target <c>offsite</c> taking <c>hourly</c>, in <paramref name="bucket"/> (default: a new one).</summary>
    private async Task<(Workspace Workspace, string Bucket)> WorkspaceAsync(string prefix, string? bucket = null, AgeKey? key = null, string? identityFile = null)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(10), Ct);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var workspace = new Workspace(cluster, database);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target("hourly", 3, bucketName: bucket)), key, identityFile: identityFile);
        return (workspace, bucket ?? offsite.Bucket);
    }

    private static JsonElement TargetCopy(CliResult status)
    {
        using var json = JsonDocument.Parse(status.Stdout);
        return json.RootElement.GetProperty("targets")[0].GetProperty("databases")[0].Clone();
    }

    [Fact]
    public async Task Status_DatabaseWithoutACopyOnTheTarget_FailsUntilItIsCopied()
    {
        var (workspace, _) = await WorkspaceAsync("status_copy");
        using var disposeWorkspace = workspace;
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);

        var before = await workspace.RunAsync(Ct, "status", "--json");
        Assert.Equal(0, (await workspace.RunAsync(Ct, "copy", "--to", "offsite")).ExitCode);
        var after = await workspace.RunAsync(Ct, "status", "--json");

        Assert.Equal(1, before.ExitCode);
        Assert.Contains($"{workspace.Options.Databases[0]} has no good copy on target 'offsite'", before.Stdout, StringComparison.Ordinal);
        Assert.True(TargetCopy(before).GetProperty("stale").GetBoolean());
        var copy = TargetCopy(after);
        Assert.False(copy.GetProperty("stale").GetBoolean());
        Assert.StartsWith("hourly/backup_", copy.GetProperty("newestGoodSet").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("target 'offsite'", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_TargetThatCannotBeListed_FailsNamingIt()
    {
        var (workspace, _) = await WorkspaceAsync("status_nobucket", bucket: "hg-status-no-such-bucket");
        using var disposeWorkspace = workspace;

        var status = await workspace.RunAsync(Ct, "status");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("PROBLEM: target 'offsite' cannot be listed: target 'offsite' (s3://hg-status-no-such-bucket/", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ReachableWritableTarget_OkAndItsProbeLeavesNoObject()
    {
        var (workspace, bucket) = await WorkspaceAsync("doctor_ok");
        using var disposeWorkspace = workspace;

        var doctor = await workspace.RunAsync(Ct, "doctor");

        Assert.Contains("OK    target offsite: s3://" + bucket + "/", doctor.Stdout, StringComparison.Ordinal);
        Assert.Contains("reachable, writable, 0 sets", doctor.Stdout, StringComparison.Ordinal);
        Assert.Empty((await s3.Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket }, Ct)).S3Objects ?? []);
    }

    [Fact]
    public async Task Doctor_MissingBucket_FailsNamingTheTargetAndTheFix()
    {
        var (workspace, _) = await WorkspaceAsync("doctor_nobucket", bucket: "hg-doctor-no-such-bucket");
        using var disposeWorkspace = workspace;

        var doctor = await workspace.RunAsync(Ct, "doctor");

        Assert.Equal(1, doctor.ExitCode);
        Assert.Contains("FAIL  target offsite: target 'offsite' (s3://hg-doctor-no-such-bucket/", doctor.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not exist: create it", doctor.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_IdentityFileOfAnotherKey_FailsSayingItHoldsNoKeyOfTheRecipients()
    {
        var folder = Directory.CreateTempSubdirectory("hourglass-keys-").FullName;
        try
        {
            var right = await AgeKey.CreateAsync(folder, "right.key", Ct);
            var other = await AgeKey.CreateAsync(folder, "other.key", Ct);
            var (workspace, _) = await WorkspaceAsync("doctor_keys", key: right, identityFile: other.File);
            using var disposeWorkspace = workspace;

            var doctor = await workspace.RunAsync(Ct, "doctor");

            Assert.Contains("OK    encryption recipients: 1 age recipient(s)", doctor.Stdout, StringComparison.Ordinal);
            Assert.Contains($"FAIL  encryption identity: {Path.Combine(folder, "other.key")} holds no key of the recipients", doctor.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("AGE-SECRET-KEY", doctor.Stdout + doctor.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
