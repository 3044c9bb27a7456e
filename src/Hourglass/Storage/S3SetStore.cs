using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hourglass.Configuration;
using Microsoft.Extensions.Logging;

namespace Hourglass.Storage;

/// <summary>
/// An S3-compatible bucket as a store of sets, for targets that receive copies: a set is the objects under
/// <c>{prefix}/{tier}/{set}/</c>, and it exists once its <c>manifest.json</c>, written last, does; without one, the
/// objects are a leftover (a set being written, or left unfinished by a crash, or half deleted), which
/// <see cref="ListLeftoversAsync"/> tells apart by the writer's marker object and by age. Nothing is listed by reading
/// object bodies but manifests, which are untrusted and validated like the local store's (<see cref="ManifestFile"/>).
/// Credentials come only from the AWS SDK's own chain (environment, shared credentials file, profile), never from
/// the config, and no message or log line carries one.
/// </summary>
internal sealed class S3SetStore : ISetStore
{
    /// <summary>
    /// The marker a writer keeps in its set while it writes and renews with every file. Its name starts with a dot,
    /// which no file of a set may (<see cref="SetFileName"/>).
    /// </summary>
    public const string WriterMarker = ".hourglass-writing";

    /// <summary>The marker a delete writes before it takes the manifest, so a delete cut short shows as one.</summary>
    public const string DeletingMarker = ".hourglass-deleting";

    /// <summary>
    /// How long a set without a manifest may show no new object before it counts as abandoned: a day. A writer
    /// renews its marker with every file, and a single file's upload that takes a day is far beyond any dump
    /// Hourglass takes; should one still outlive it and its set be removed meanwhile, the commit finds its files gone
    /// and refuses, rather than publish a set with files missing.
    /// </summary>
    public static readonly TimeSpan DefaultAbandonedAfter = TimeSpan.FromHours(24);

    // A manifest lists a few databases and their tables: a "manifest" larger than this is not one worth reading.
    private const int ManifestMaxBytes = 16 << 20;

    private const int ParallelManifestReads = 8;

    private readonly S3Location _location;
    private readonly S3Target _bucket;
    private readonly TimeProvider _time;
    private readonly TimeSpan _abandonedAfter;
    private readonly long _firstPartBytes;

    /// <summary>A store in <paramref name="location"/>, with credentials from the AWS SDK's default chain.</summary>
    public S3SetStore(S3Location location, TimeProvider time, ILogger logger)
        : this(location, CreateClient(location), time, logger)
    {
    }

    /// <param name="location">Where the sets are.</param>
    /// <param name="client">The client to call S3 with.</param>
    /// <param name="time">The clock leftovers' ages are measured by.</param>
    /// <param name="logger">The log.</param>
    /// <param name="abandonedAfter">How long a set without a manifest may be idle before it counts as abandoned (<see cref="DefaultAbandonedAfter"/>).</param>
    /// <param name="firstPartBytes">The first parts' size of an upload (<see cref="S3PartSize.DefaultFirstBytes"/>; tests use S3's smallest).</param>
    internal S3SetStore(S3Location location, IAmazonS3 client, TimeProvider time, ILogger logger, TimeSpan? abandonedAfter = null, long firstPartBytes = S3PartSize.DefaultFirstBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPartBytes, S3PartSize.MinBytes);
        _location = location;
        _bucket = new S3Target(client, location, logger);
        _time = time;
        _abandonedAfter = abandonedAfter ?? DefaultAbandonedAfter;
        _firstPartBytes = firstPartBytes;
    }

    /// <inheritdoc />
    /// <remarks><c>s3://bucket/prefix</c>, and the endpoint when it is not AWS.</remarks>
    public string Location => _location.Location;

    /// <summary>
    /// The SDK's settings for <paramref name="location"/>. Checksums only where S3 requires them: recent SDKs add
    /// CRC checksums to every upload as aws-chunked trailers, which many S3-compatible servers refuse, while the
    /// Content-MD5 every put and part carries is a check they all make. Two retries, a 5 s connect timeout: the SDK's
    /// defaults keep at a dead endpoint for long, and a job has the ledger's retries anyway, so an unreachable
    /// endpoint fails within seconds with the reason. A request may take 15 minutes, enough for a 1 GiB part at 10 Mbit/s.
    /// </summary>
    internal static AmazonS3Config Config(S3Location location)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = location.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 2,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromMinutes(15),
        };
        if (location.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = location.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(location.Region);
        }

        return config;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTiersAsync(CancellationToken cancellationToken) =>
        [.. (await _bucket.ListFoldersAsync(Root, cancellationToken)).Where(TierName.IsValid).Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSet>> ListSetsAsync(string? tier, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tiers = tier is null ? await ListTiersAsync(cancellationToken) : TierName.IsValid(tier) ? [tier] : [];
        var finished = new List<SetFolder>();
        foreach (var each in tiers)
        {
            finished.AddRange((await ScanTierAsync(each, cancellationToken)).Where(f => f.HasManifest));
        }

        var sets = new StoredSet?[finished.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, finished.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelManifestReads, CancellationToken = cancellationToken },
            async (i, token) => sets[i] = await ReadAsync(finished[i], token));
        return [.. sets.OfType<StoredSet>().OrderByDescending(s => s.Id)];
    }

    /// <inheritdoc />
    public async Task<StoredSet?> FindAsync(SetId id, CancellationToken cancellationToken)
    {
        var folder = new SetFolder(id, SetPrefix(id));
        await foreach (var item in _bucket.ListAsync(folder.Prefix, cancellationToken))
        {
            folder.Objects.Add(item);
        }

        return folder.HasManifest ? await ReadAsync(folder, cancellationToken) : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A set folder without a manifest is <see cref="LeftoverKind.Deleting"/> when a delete's marker is in it;
    /// otherwise <see cref="LeftoverKind.InProgress"/> while its newest object or unfinished upload is younger than
    /// the abandonment age, <see cref="LeftoverKind.Unfinished"/> after.
    /// </remarks>
    public async Task<IReadOnlyList<Leftover>> ListLeftoversAsync(string tier, CancellationToken cancellationToken)
    {
        if (!TierName.IsValid(tier))
        {
            return [];
        }

        var folders = (await ScanTierAsync(tier, cancellationToken)).ToDictionary(f => f.Id.Name, StringComparer.Ordinal);
        foreach (var upload in await _bucket.ListUploadsAsync(TierPrefix(tier), cancellationToken))
        {
            if (SetNameOf(upload.Key, TierPrefix(tier)) is { } name)
            {
                var folder = folders.TryGetValue(name, out var found) ? found : folders[name] = new SetFolder(new SetId(tier, name), SetPrefix(new SetId(tier, name)));
                folder.Uploads.Add(upload);
            }
        }

        var now = _time.GetUtcNow();
        return
        [
            .. folders.Values
                .Where(f => !f.HasManifest)
                .OrderBy(f => f.Id)
                .Select(f => new Leftover(f.Id, f.Has(DeletingMarker) ? LeftoverKind.Deleting
                    : now - f.NewestActivity > _abandonedAfter ? LeftoverKind.Unfinished
                    : LeftoverKind.InProgress)),
        ];
    }

    /// <inheritdoc />
    /// <remarks>The response's stream, as it comes from the server: nothing is buffered.</remarks>
    public async Task<Stream?> OpenReadAsync(SetId id, string file, CancellationToken cancellationToken)
    {
        var key = SetPrefix(id) + SetFileName.EnsurePlain(file);
        return (await _bucket.OpenAsync(key, cancellationToken))?.ResponseStream;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Free means no object at all under the id, so an id whose leftover was removed is free again: a copy that wants
    /// the very id its source has removes the leftover first and gets it.
    /// </remarks>
    public async Task<ISetWriter> BeginAsync(SetId id, CancellationToken cancellationToken)
    {
        EnsureTier(id.Tier);
        return await S3SetWriter.BeginAsync(_bucket, id, SetPrefix, _firstPartBytes, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One PutObject over the old manifest: S3 replaces an object atomically.</remarks>
    public async Task ReplaceManifestAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        var id = SetId.TryParse(manifest.Id, null) ?? throw new ArgumentException($"'{manifest.Id}' is not a set id", nameof(manifest));
        var key = SetPrefix(id) + Manifest.FileName;
        if (!await _bucket.ExistsAsync(key, cancellationToken))
        {
            throw Errors.SetNotFound(id.ToString());
        }

        await _bucket.PutManifestAsync(key, manifest, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A marker first, then the manifest (the set is no longer listed from here on), then its files, the marker last:
    /// cut short anywhere, it leaves a leftover that lists as <see cref="LeftoverKind.Deleting"/>, never a set with
    /// files missing.
    /// </remarks>
    public async Task DeleteAsync(SetId id, CancellationToken cancellationToken)
    {
        var prefix = SetPrefix(id);
        if (!await _bucket.ExistsAsync(prefix + Manifest.FileName, cancellationToken))
        {
            throw Errors.SetNotFound(id.ToString());
        }

        await _bucket.PutAsync(prefix + DeletingMarker, [], 0, cancellationToken);
        await _bucket.CallAsync(t => _bucket.Client.DeleteObjectAsync(_bucket.Name, prefix + Manifest.FileName, t), cancellationToken);
        await _bucket.RemoveFolderAsync(prefix, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Aborts the leftover's unfinished multipart uploads too, which would otherwise be kept (and billed) for ever.</remarks>
    public async Task RemoveLeftoverAsync(Leftover leftover, CancellationToken cancellationToken)
    {
        var prefix = SetPrefix(leftover.Id);
        if (leftover.Kind == LeftoverKind.InProgress)
        {
            throw new InvalidOperationException($"s3://{_bucket.Name}/{prefix} is being written");
        }

        // A copy that finished after the prune listed it: a set now, not a leftover, and left alone.
        if (await _bucket.ExistsAsync(prefix + Manifest.FileName, cancellationToken))
        {
            return;
        }

        var (objects, uploads) = await _bucket.RemoveFolderAsync(prefix, cancellationToken);
        _bucket.Logger.S3LeftoverRemoved(leftover.Id.ToString(), leftover.Kind.ToString(), Location, objects, uploads);
    }

    /// <inheritdoc />
    /// <remarks>Always null: a bucket has no free space to speak of.</remarks>
    public Task<long?> FreeBytesAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <inheritdoc />
    /// <remarks>A dot-name under the prefix: never a tier, so a listing that meets it (another node's probe) skips it.</remarks>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var key = $"{Root}.hourglass-probe-{Guid.NewGuid():N}";
        await _bucket.PutAsync(key, [], 0, cancellationToken);
        await _bucket.DeleteAsync([key], cancellationToken);
    }

    private string Root => _location.Prefix.Length == 0 ? "" : _location.Prefix + "/";

    private string TierPrefix(string tier) => Root + EnsureTier(tier) + "/";

    private string SetPrefix(SetId id) => TierPrefix(id.Tier) + id.Name + "/";

    private static string EnsureTier(string tier) =>
        TierName.IsValid(tier) ? tier : throw new ArgumentException($"'{tier}' is not a tier name", nameof(tier));

    /// <summary>The set name a key under <paramref name="tierPrefix"/> belongs to, or null for a key that is in no set.</summary>
    private static string? SetNameOf(string key, string tierPrefix)
    {
        var slash = key.IndexOf('/', tierPrefix.Length);
        return slash > tierPrefix.Length && SetId.IsSetName(key[tierPrefix.Length..slash]) ? key[tierPrefix.Length..slash] : null;
    }

    /// <summary>Every set folder of <paramref name="tier"/> with its objects, from one paged listing of the tier.</summary>
    private async Task<IReadOnlyList<SetFolder>> ScanTierAsync(string tier, CancellationToken cancellationToken)
    {
        var tierPrefix = TierPrefix(tier);
        var folders = new Dictionary<string, SetFolder>(StringComparer.Ordinal);
        await foreach (var item in _bucket.ListAsync(tierPrefix, cancellationToken))
        {
            if (SetNameOf(item.Key, tierPrefix) is { } name)
            {
                if (!folders.TryGetValue(name, out var folder))
                {
                    var id = new SetId(tier, name);
                    folders[name] = folder = new SetFolder(id, SetPrefix(id));
                }

                folder.Objects.Add(item);
            }
        }

        return [.. folders.Values];
    }

    /// <summary>The set in <paramref name="folder"/>, or null when its manifest went since the listing: a delete took it, and a set being deleted is gone, not damaged.</summary>
    private async Task<StoredSet?> ReadAsync(SetFolder folder, CancellationToken cancellationToken)
    {
        Manifest? manifest = null;
        string? problem;
        using (var response = await _bucket.OpenAsync(folder.Prefix + Manifest.FileName, cancellationToken))
        {
            if (response is null)
            {
                return null;
            }

            var content = new MemoryStream();
            try
            {
                await CopyAtMostAsync(response.ResponseStream, content, ManifestMaxBytes + 1, cancellationToken);
            }
            catch (Exception e) when (_bucket.Translate(e, cancellationToken) is { } failure)
            {
                throw failure;
            }

            content.Position = 0;
            if (content.Length > ManifestMaxBytes)
            {
                problem = $"unreadable manifest.json: larger than {ManifestMaxBytes} bytes";
            }
            else
            {
                manifest = ManifestFile.TryRead(content, folder.Id, out problem);
            }
        }

        return new StoredSet(folder.Id, manifest, problem, folder.Bytes, $"s3://{_bucket.Name}/{folder.Prefix}");
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while (destination.Length < limit && (read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>A set's "folder": the objects and unfinished uploads under its prefix.</summary>
    private sealed record SetFolder(SetId Id, string Prefix)
    {
        public List<S3Object> Objects { get; } = [];

        public List<MultipartUpload> Uploads { get; } = [];

        public bool HasManifest => Has(Manifest.FileName);

        /// <summary>What the set's files take: every object but the markers.</summary>
        public long Bytes => Objects.Where(o => !o.Key.EndsWith('/' + WriterMarker, StringComparison.Ordinal) && !o.Key.EndsWith('/' + DeletingMarker, StringComparison.Ordinal)).Sum(o => o.Size ?? 0);

        /// <summary>When anything last happened here: the newest object, or the newest upload begun.</summary>
        public DateTimeOffset NewestActivity =>
            Objects.Select(o => o.LastModified).Concat(Uploads.Select(u => u.Initiated)).OfType<DateTime>().Select(t => new DateTimeOffset(t.ToUniversalTime())).DefaultIfEmpty(DateTimeOffset.MinValue).Max();

        public bool Has(string file) => Objects.Any(o => o.Key.Length == Prefix.Length + file.Length && o.Key.EndsWith(file, StringComparison.Ordinal));
    }

    private static IAmazonS3 CreateClient(S3Location location) => new AmazonS3Client(Config(location));
}
