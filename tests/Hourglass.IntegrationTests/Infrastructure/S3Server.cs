using Amazon.Runtime;
using Amazon.S3;
using Hourglass.Storage;

[assembly: AssemblyFixture(typeof(Hourglass.IntegrationTests.Infrastructure.S3Server))]

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// One private S3-compatible server for the whole run (OpenStack Swift with s3api, scripts/s3-server.sh). ./test.sh
/// starts it and passes it in HOURGLASS_TEST_S3_* variables; run on their own, the tests start one the same way, on
/// first use (tests that never touch S3 do not need Swift installed), and stop it at the end. Each test creates its
/// own bucket. The credentials reach the SDK as they would in production, through AWS_ACCESS_KEY_ID and
/// AWS_SECRET_ACCESS_KEY, which the fixture sets for the process like <see cref="PostgresCluster"/> sets PG*.
/// The machine's AWS_CA_BUNDLE stays as it is: the .NET SDK does not read it, and the endpoint is plain HTTP.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private string? _ownedFolder;
    private IAmazonS3? _client;
    private int _counter;

    public string Endpoint { get; private set; } = "";

    public string Region { get; private set; } = "us-east-1";

    public string AccessKeyId { get; private set; } = "";

    public string SecretAccessKey { get; private set; } = "";

    /// <summary>A client with the server's credentials, for looking at and changing raw objects behind a store's back.</summary>
    public IAmazonS3 Client => _client ?? throw new InvalidOperationException("create a bucket first: the server starts on first use");

    public ValueTask InitializeAsync()
    {
        // No test may reach for EC2's instance metadata (a link-local address) when it looks for credentials.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_ownedFolder is not null)
        {
            await RunScriptAsync("stop", _ownedFolder);
        }
    }

    /// <summary>Creates an empty bucket with a unique name and returns the name.</summary>
    public async Task<string> CreateBucketAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        var name = $"hg-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..24];
        await Client.PutBucketAsync(name, cancellationToken);
        return name;
    }

    /// <summary>Where a test's store goes: <paramref name="bucket"/> on this server, path-style, as S3-compatible servers want.</summary>
    public S3Location Location(string bucket, string? prefix = "backups/hourglass", string name = "offsite") =>
        new(name, bucket, prefix, Endpoint, Region, forcePathStyle: true);

    /// <summary>A store on this server, with credentials from the environment, as production creates one.</summary>
    internal S3SetStore Store(S3Location location, TimeProvider? time = null) =>
        new(location, time ?? TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>Starts a server of the test's own, which it may kill and start again on the same data and port.</summary>
    public static async Task<PrivateS3Server> StartPrivateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"hourglass-s3-{Guid.NewGuid():N}"[..26]);
        var server = new PrivateS3Server(folder, Scripts.Settings(await RunScriptAsync("start", folder)));
        return server;
    }

    internal static IAmazonS3 ClientFor(string endpoint, string region, string accessKeyId, string secretAccessKey) =>
        new AmazonS3Client(new BasicAWSCredentials(accessKeyId, secretAccessKey), S3SetStore.Config(new S3Location("test", "-", null, endpoint, region, true)));

    internal static Task<string> RunScriptAsync(string action, string folder) =>
        Scripts.RunAsync("s3-server.sh", action, folder, "the private S3 server",
            "Install OpenStack Swift (apt-get install swift-proxy swift-account swift-container swift-object) or run ./test.sh, which does.");

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_client is not null)
            {
                return;
            }

            var settings = Environment.GetEnvironmentVariable("HOURGLASS_TEST_S3_ENDPOINT") is { Length: > 0 }
                ? new Dictionary<string, string>
                {
                    ["S3_ENDPOINT"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_S3_ENDPOINT")!,
                    ["S3_REGION"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_S3_REGION") ?? "us-east-1",
                    ["S3_ACCESS_KEY_ID"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_S3_ACCESS_KEY_ID") ?? "",
                    ["S3_SECRET_ACCESS_KEY"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_S3_SECRET_ACCESS_KEY") ?? "",
                }
                : await StartOwnServerAsync();
            Endpoint = settings["S3_ENDPOINT"];
            Region = settings["S3_REGION"];
            AccessKeyId = settings["S3_ACCESS_KEY_ID"];
            SecretAccessKey = settings["S3_SECRET_ACCESS_KEY"];

            // Stores find their credentials as in production: through the SDK's chain, from the environment.
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKeyId);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretAccessKey);
            _client = ClientFor(Endpoint, Region, AccessKeyId, SecretAccessKey);
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task<Dictionary<string, string>> StartOwnServerAsync()
    {
        _ownedFolder = Path.Combine(Path.GetTempPath(), $"hourglass-s3-{Guid.NewGuid():N}"[..26]);
        return Scripts.Settings(await RunScriptAsync("start", _ownedFolder));
    }
}

/// <summary>A test's own S3 server: it can be killed (SIGKILL, mid-request) and started again on the same data and port.</summary>
public sealed class PrivateS3Server(string folder, Dictionary<string, string> settings) : IAsyncDisposable
{
    public string Endpoint { get; } = settings["S3_ENDPOINT"];

    public string Region { get; } = settings["S3_REGION"];

    public string AccessKeyId { get; } = settings["S3_ACCESS_KEY_ID"];

    public string SecretAccessKey { get; } = settings["S3_SECRET_ACCESS_KEY"];

    /// <summary>The data folder.</summary>
    public string Folder => folder;

    /// <summary>A client with this server's credentials.</summary>
    public IAmazonS3 CreateClient() => S3Server.ClientFor(Endpoint, Region, AccessKeyId, SecretAccessKey);

    /// <summary>Kills every process of the server at once, as a crash would; its data stays.</summary>
    public Task KillAsync() => S3Server.RunScriptAsync("kill", folder);

    /// <summary>Starts the server again on the same data and port.</summary>
    public Task RestartAsync() => S3Server.RunScriptAsync("start", folder);

    public async ValueTask DisposeAsync() => await S3Server.RunScriptAsync("stop", folder);
}
