namespace Hourglass.Configuration;

/// <summary>
/// An off-site store that receives copies of sets (README "Targets"): an S3-compatible bucket with its own
/// retention per tier. Credentials never appear here; they come from the AWS SDK's chain (environment, shared
/// credentials file).
/// </summary>
public sealed class TargetOptions
{
    /// <summary>The kind of store. Only <c>s3</c>, the default.</summary>
    public string Type { get; set; } = "s3";

    /// <summary>The bucket. Required; it must exist.</summary>
    public string? Bucket { get; set; }

    /// <summary>Where sets go inside the bucket: <c>{prefix}/{tier}/{set}/{file}</c>. Default none.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>An S3-compatible server's URL (MinIO, Ceph, R2, …); null for AWS itself.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The bucket's region. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Address the bucket as <c>endpoint/bucket</c> instead of <c>bucket.endpoint</c> (most self-hosted servers need it). Default false.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Encrypt every file stored here with <c>encryption.recipients</c> (age). Default false.</summary>
    public bool Encrypt { get; set; }

    /// <summary>The tiers this target takes, each with its own keep. Required: at least one.</summary>
    public IDictionary<string, TargetTierOptions> Tiers { get; set; } = new Dictionary<string, TargetTierOptions>(StringComparer.Ordinal);

    /// <summary>How old a database's newest copy here may be before status fails. Default: twice the interval of the most frequent tier it takes.</summary>
    public TimeSpan? StaleAfter { get; set; }
}

/// <summary>A tier a target takes and how many of its copies are kept there.</summary>
public sealed class TargetTierOptions
{
    /// <summary>Which complete copies are kept: a count (at least 1), or calendar keeps.</summary>
    public KeepOptions Keep { get; set; } = new();
}
