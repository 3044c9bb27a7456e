namespace Hourglass.Storage;

/// <summary>
/// Where an S3-compatible target keeps its sets: a bucket, a prefix inside it, and the endpoint when it is not AWS.
/// Holds no credential: those come from the AWS SDK's own chain (environment, shared credentials file, profile),
/// so nothing here is a secret and all of it may be shown.
/// </summary>
public sealed record S3Location
{
    /// <param name="name">The target's name in the config, for messages.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">The key prefix sets live under; empty or null for the bucket's top. Slashes around it are dropped.</param>
    /// <param name="endpoint">The endpoint of an S3-compatible server (<c>http://127.0.0.1:9000</c>); null for AWS.</param>
    /// <param name="region">The region requests are signed for (<c>us-east-1</c> where a server has none).</param>
    /// <param name="forcePathStyle">Address the bucket as <c>endpoint/bucket/key</c> rather than <c>bucket.endpoint/key</c>, as most S3-compatible servers want.</param>
    public S3Location(string name, string bucket, string? prefix, string? endpoint, string region, bool forcePathStyle)
    {
        Name = name;
        Bucket = bucket;
        Prefix = (prefix ?? "").Trim('/');
        Endpoint = string.IsNullOrWhiteSpace(endpoint) ? null : endpoint;
        Region = region;
        ForcePathStyle = forcePathStyle;
    }

    /// <summary>The target's name in the config, for messages.</summary>
    public string Name { get; init; }

    public string Bucket { get; init; }

    /// <summary>The key prefix sets live under, without a slash at either end; empty for the bucket's top.</summary>
    public string Prefix { get; init; }

    /// <summary>The endpoint of an S3-compatible server; null for AWS.</summary>
    public string? Endpoint { get; init; }

    public string Region { get; init; }

    public bool ForcePathStyle { get; init; }

    /// <summary>
    /// For people: <c>s3://bucket/prefix</c>, with <c>at ENDPOINT</c> for a custom endpoint. An endpoint written with a
    /// user and password in it loses them here: a message or a log line never carries a secret.
    /// </summary>
    public string Location => $"s3://{Bucket}/{Prefix}" + (Endpoint is null ? "" : $" at {ShownEndpoint(Endpoint)}");

    /// <summary>The target as messages name it: <c>'offsite' (s3://bucket/prefix)</c>.</summary>
    public string Described => $"'{Name}' ({Location})";

    private static string ShownEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/')
            : endpoint;
}
