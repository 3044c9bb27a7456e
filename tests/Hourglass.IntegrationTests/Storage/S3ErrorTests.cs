using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>What a person reads when a target cannot be used: one line naming the target and the fix, never a secret.</summary>
public sealed class S3ErrorTests(S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertOneLineFor(HourglassException error, string target, string fix)
    {
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"target '{target}' (s3://", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSets_MissingBucket_SaysWhichBucketToCreate()
    {
        await s3.CreateBucketAsync(Ct);
        var store = s3.Store(s3.Location("hg-no-such-bucket", name: "offsite"));

        var error = await Assert.ThrowsAsync<HourglassException>(() => store.ListSetsAsync(null, Ct));

        AssertOneLineFor(error, "offsite", "bucket 'hg-no-such-bucket' does not exist: create it");
    }

    [Fact]
    public async Task ListSets_WrongSecret_CredentialsRefusedWithoutShowingThem()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        const string wrong = "not-the-secret-1234567890";
        var client = S3Server.ClientFor(s3.Endpoint, s3.Region, s3.AccessKeyId, wrong);
        var store = new S3SetStore(s3.Location(bucket, name: "offsite"), client, TimeProvider.System, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<HourglassException>(() => store.BeginAsync(new SetId("daily", "backup_20251025_010000"), Ct));

        AssertOneLineFor(error, "offsite", "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        Assert.Contains("SignatureDoesNotMatch", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(s3.SecretAccessKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(s3.AccessKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSets_UnreachableEndpoint_FailsWithinSecondsNamingTheEndpoint()
    {
        // A port nothing listens on: bound, then closed.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var location = new Hourglass.Storage.S3Location("offsite", "bucket", "backups", $"http://127.0.0.1:{port}", "us-east-1", forcePathStyle: true);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HourglassException>(() => s3.Store(location).ListSetsAsync(null, Ct));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        AssertOneLineFor(error, "offsite", "cannot reach the endpoint (Connection refused");
        Assert.Contains($"at http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_EndpointWithUserAndPassword_ShownWithoutThem()
    {
        var location = new Hourglass.Storage.S3Location("offsite", "bucket", "/backups/db/", "http://user:secret@127.0.0.1:9000", "us-east-1", forcePathStyle: true);

        Assert.Equal("s3://bucket/backups/db at http://127.0.0.1:9000", location.Location);
        Assert.Equal("backups/db", location.Prefix);
    }
}

/// <summary>Tests that change the process's AWS credentials, alone: every other S3 test reads them.</summary>
[CollectionDefinition(nameof(S3CredentialsTests), DisableParallelization = true)]
[Collection(nameof(S3CredentialsTests))]
public sealed class S3CredentialsTests(S3Server s3)
{
    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"];

    [Fact]
    public async Task ListSets_NoCredentialsAnywhere_SaysWhereToPutThem()
    {
        var bucket = await s3.CreateBucketAsync(TestContext.Current.CancellationToken);
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var empty = Directory.CreateTempSubdirectory("hourglass-aws-").FullName;
        try
        {
            foreach (var variable in Variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            // Neither a credentials file nor a config file where the SDK would look, whatever the machine has.
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(empty, "credentials"));
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(empty, "config"));

            var error = await Assert.ThrowsAsync<HourglassException>(() => s3.Store(s3.Location(bucket)).ListSetsAsync(null, TestContext.Current.CancellationToken));

            Assert.Equal(ExitCode.Failed, error.ExitCode);
            Assert.DoesNotContain('\n', error.Message);
            Assert.StartsWith("target 'offsite' (s3://", error.Message, StringComparison.Ordinal);
            Assert.Contains("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var (variable, value) in saved)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }

            Directory.Delete(empty, recursive: true);
        }
    }
}
