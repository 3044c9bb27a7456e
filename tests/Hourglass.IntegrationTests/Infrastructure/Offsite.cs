using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using Hourglass.Storage;
using S3Location = Hourglass.Storage.S3Location;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>An age key pair written by <c>age-keygen</c>: the file a config names, its public recipient, and the secret line, for looking for leaks.</summary>
internal sealed record AgeKey(string File, string Recipient, string Secret)
{
    /// <summary>A new key in <paramref name="folder"/>/<paramref name="name"/>, made by age-keygen itself.</summary>
    public static async Task<AgeKey> CreateAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, name);
        await Tools.RunAsync("age-keygen", cancellationToken, "-o", file);
        var recipient = (await Tools.RunAsync("age-keygen", cancellationToken, "-y", file)).Trim();
        var secret = (await System.IO.File.ReadAllLinesAsync(file, cancellationToken)).Single(l => l.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal));
        return new AgeKey(file, recipient, secret);
    }
}

/// <summary>
/// A test's off-site target: its own bucket on an S3 server (the shared one, or a test's private one), the
/// <c>targets</c> entry and whole <c>hourglass.json</c> naming it, and the bucket's raw objects as any S3 client sees
/// them, for looking at and changing behind Hourglass's back.
/// </summary>
internal sealed class Offsite(IAmazonS3 client, string endpoint, string region, string bucket)
{
    /// <summary>The prefix every target of these tests keeps its sets under.</summary>
    public const string Prefix = "backups/hourglass";

    public string Bucket => bucket;

    public string Endpoint => endpoint;

    public IAmazonS3 Client => client;

    /// <summary>A new bucket on the shared server.</summary>
    public static async Task<Offsite> CreateAsync(S3Server s3, CancellationToken cancellationToken)
    {
        var bucket = await s3.CreateBucketAsync(cancellationToken);
        return new Offsite(s3.Client, s3.Endpoint, s3.Region, bucket);
    }

    /// <summary>A new bucket on a test's private server, through <paramref name="client"/> (one of its clients).</summary>
    public static async Task<Offsite> CreateAsync(PrivateS3Server server, IAmazonS3 client, CancellationToken cancellationToken)
    {
        var bucket = $"hg-private-{Guid.NewGuid():N}"[..24];
        await client.PutBucketAsync(bucket, cancellationToken);
        return new Offsite(client, server.Endpoint, server.Region, bucket);
    }

    /// <summary>
    /// This bucket as a <c>targets</c> entry taking <paramref name="tier"/> with <paramref name="keep"/> (a count or
    /// calendar keeps, default 10); <paramref name="endpoint"/> and <paramref name="bucketName"/> point it elsewhere.
    /// </summary>
    public object Target(string tier = "daily", object? keep = null, bool encrypt = false, string? endpoint = null, string? bucketName = null) => new
    {
        type = "s3",
        bucket = bucketName ?? bucket,
        prefix = Prefix,
        endpoint = endpoint ?? Endpoint,
        region,
        forcePathStyle = true,
        encrypt,
        tiers = new Dictionary<string, object> { [tier] = new { keep = keep ?? 10 } },
    };

    /// <summary>The <c>targets</c> of a config with one target, called <c>offsite</c>.</summary>
    public static IReadOnlyDictionary<string, object> Only(object target) => new Dictionary<string, object> { ["offsite"] = target };

    /// <summary>
    /// Writes <c>hourglass.json</c> for the workspace's databases with <paramref name="targets"/> by name. With
    /// <paramref name="key"/> its recipient is the encryption recipient, and its file the identity unless
    /// <paramref name="identityFile"/> names another (or <paramref name="withIdentity"/> is false: a backup host with
    /// none). <paramref name="tiers"/> replaces the default hourly and daily tiers.
    /// </summary>
    public static void WriteConfig(
        Workspace workspace,
        IReadOnlyDictionary<string, object> targets,
        AgeKey? key = null,
        bool localEncryption = false,
        bool withIdentity = true,
        string? identityFile = null,
        object? tiers = null,
        string compression = "zstd")
    {
        var config = new Dictionary<string, object>
        {
            ["databases"] = workspace.Options.Databases,
            ["connection"] = new { host = workspace.Cluster.Host, port = workspace.Cluster.Port, username = workspace.Cluster.User },
            ["compression"] = compression,
            ["targets"] = targets,
        };
        if (tiers is not null)
        {
            config["tiers"] = tiers;
        }

        if (key is not null)
        {
            config["encryption"] = withIdentity
                ? new { recipients = new[] { key.Recipient }, identityFile = identityFile ?? key.File, local = localEncryption }
                : new { recipients = new[] { key.Recipient }, local = localEncryption };
        }

        workspace.WriteConfig(config);
    }

    /// <summary>The key of a set's file here: <c>{prefix}/{tier}/{set}/{file}</c>.</summary>
    public static string KeyOf(SetId set, string file) => $"{Prefix}/{set.Tier}/{set.Name}/{file}";

    /// <summary>Every object's key in the bucket, in order.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(CancellationToken cancellationToken) =>
        [.. (await ObjectsAsync(cancellationToken)).Select(o => o.Key).Order(StringComparer.Ordinal)];

    /// <summary>Every object in the bucket, with its size, ETag and time, as the server lists it.</summary>
    public async Task<IReadOnlyList<S3Object>> ObjectsAsync(CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token }, cancellationToken);
            objects.AddRange(page.S3Objects ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return objects;
    }

    /// <summary>The keys of the manifests in the bucket: one per set a target lists.</summary>
    public async Task<IReadOnlyList<string>> ManifestKeysAsync(CancellationToken cancellationToken) =>
        [.. (await KeysAsync(cancellationToken)).Where(k => k.EndsWith("/" + Manifest.FileName, StringComparison.Ordinal))];

    /// <summary>The multipart uploads begun and not finished in the bucket.</summary>
    public async Task<IReadOnlyList<MultipartUpload>> UploadsAsync(CancellationToken cancellationToken) =>
        (await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, cancellationToken)).MultipartUploads ?? [];

    public async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken);
        using var content = new MemoryStream();
        await response.ResponseStream.CopyToAsync(content, cancellationToken);
        return content.ToArray();
    }

    /// <summary>Replaces an object's content, as anyone with write access to the bucket could.</summary>
    public Task WriteAsync(string key, byte[] content, CancellationToken cancellationToken) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false }, cancellationToken);

    /// <summary>The manifest of <paramref name="set"/> as stored here, read as Hourglass reads it.</summary>
    public async Task<Manifest> ManifestAsync(SetId set, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(await ReadAsync(KeyOf(set, Manifest.FileName), cancellationToken));
        return ManifestFile.TryRead(content, set, out var problem) ?? throw new InvalidOperationException($"the manifest of {set} does not read: {problem}");
    }

    /// <summary>The sets listed here, oldest first, as any reader of the bucket (a restore elsewhere) finds them.</summary>
    public async Task<IReadOnlyList<SetId>> SetsAsync(CancellationToken cancellationToken)
    {
        var store = new S3SetStore(new S3Location("offsite", bucket, Prefix, endpoint, region, forcePathStyle: true), client, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return [.. (await store.ListSetsAsync(null, cancellationToken)).Select(s => s.Id).Order()];
    }

    /// <summary>A loopback port nothing listens on (bound, then closed), as an endpoint that refuses connections.</summary>
    public static string UnreachableEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
