using System.Security.Cryptography;
using Amazon.S3.Model;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using S3Location = Hourglass.Storage.S3Location;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>How <see cref="S3SetStore"/> writes files (multipart, aborted when abandoned) and claims ids, against the private S3 server.</summary>
public sealed class S3UploadTests(S3Server s3)
{
    private const int MiB = 1 << 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SetId Id = new("daily", "backup_20251025_010000");

    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    /// <summary>A store whose uploads use S3's smallest parts, so a test's multipart file stays small.</summary>
    private async Task<(S3SetStore Store, S3Location Location)> SmallPartStoreAsync()
    {
        var location = s3.Location(await s3.CreateBucketAsync(Ct));
        var client = S3Server.ClientFor(s3.Endpoint, s3.Region, s3.AccessKeyId, s3.SecretAccessKey);
        return (new S3SetStore(location, client, _time, NullLogger.Instance, firstPartBytes: S3PartSize.MinBytes), location);
    }

    private async Task<IReadOnlyList<MultipartUpload>> UploadsAsync(S3Location location) =>
        (await s3.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = location.Bucket, Prefix = location.Prefix + "/" }, Ct)).MultipartUploads ?? [];

    private async Task<IReadOnlyList<string>> KeysAsync(S3Location location) =>
        [.. ((await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix + "/" }, Ct)).S3Objects ?? []).Select(o => o.Key[(location.Prefix.Length + 1)..])];

    [Fact]
    public async Task CreateFile_TwelveMebibytesInFiveMebibyteParts_RoundTripsByteIdenticalWithItsSha256()
    {
        var (store, location) = await SmallPartStoreAsync();
        var content = RandomNumberGenerator.GetBytes(12 * MiB + 12345);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        SetId id;
        await using (var writer = (S3SetWriter)await store.BeginAsync(Id, Ct))
        {
            id = writer.Id;
            await using (var stream = await writer.CreateFileAsync("big.sql", Ct))
            {
                // Writes of odd sizes, synchronous and asynchronous, as compression and copying make them.
                var written = 0;
                for (var i = 0; written < content.Length; i++)
                {
                    var count = Math.Min(content.Length - written, 1_000_003);
                    if (i % 2 == 0)
                    {
                        stream.Write(content, written, count);
                    }
                    else
                    {
                        await stream.WriteAsync(content.AsMemory(written, count), Ct);
                    }

                    written += count;
                }
            }

            var file = Assert.Single(writer.Files);
            Assert.Equal(new WrittenFile("big.sql", content.Length, sha256), file);
            await writer.CommitAsync(Manifests.Of(id, ("big.sql", file.Bytes, file.Sha256)), Ct);
        }

        await using var read = (await store.OpenReadAsync(id, "big.sql", Ct))!;
        var back = new MemoryStream();
        await read.CopyToAsync(back, Ct);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(back.ToArray())));
        Assert.True(content.AsSpan().SequenceEqual(back.ToArray()));

        // Three parts: 5 MiB, 5 MiB and the rest (a multipart object's ETag ends in its part count).
        var metadata = await s3.Client.GetObjectMetadataAsync(location.Bucket, $"{location.Prefix}/{id}/big.sql", Ct);
        Assert.EndsWith("-3\"", metadata.ETag, StringComparison.Ordinal);
        Assert.Empty(await UploadsAsync(location));
        Assert.Equal(["daily/backup_20251025_010000/big.sql", "daily/backup_20251025_010000/manifest.json"], (await KeysAsync(location)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateFile_SmallAndEmptyFiles_OnePutEach()
    {
        var (store, location) = await SmallPartStoreAsync();
        await using var writer = (S3SetWriter)await store.BeginAsync(Id, Ct);
        await using (var stream = await writer.CreateFileAsync("small.sql", Ct))
        {
            stream.Write("hello"u8);
        }

        await using (await writer.CreateFileAsync("empty.sql", Ct))
        {
        }

        Assert.Equal(
            [new WrittenFile("empty.sql", 0, Convert.ToHexStringLower(SHA256.HashData([]))), new WrittenFile("small.sql", 5, Convert.ToHexStringLower(SHA256.HashData("hello"u8)))],
            writer.Files.OrderBy(f => f.Name, StringComparer.Ordinal));
        var metadata = await s3.Client.GetObjectMetadataAsync(location.Bucket, $"{location.Prefix}/{writer.Id}/small.sql", Ct);
        Assert.DoesNotContain("-", metadata.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeWriter_MidMultipartUpload_AbortsTheUploadAndLeavesNothing()
    {
        var (store, location) = await SmallPartStoreAsync();
        await using (var writer = await store.BeginAsync(Id, Ct))
        {
            var stream = await writer.CreateFileAsync("big.sql", Ct);
            await stream.WriteAsync(RandomNumberGenerator.GetBytes(7 * MiB), Ct);
            Assert.Single(await UploadsAsync(location));

            // The dump failed: the stream is never completed, and the set is not committed.
        }

        Assert.Empty(await UploadsAsync(location));
        Assert.Empty(await KeysAsync(location));
    }

    [Fact]
    public async Task RemoveLeftover_AbandonedMultipartUpload_IsAborted()
    {
        var (store, location) = await SmallPartStoreAsync();
        var writer = await store.BeginAsync(Id, Ct);
        var stream = await writer.CreateFileAsync("big.sql", Ct);
        await stream.WriteAsync(RandomNumberGenerator.GetBytes(7 * MiB), Ct);

        // The writer's process dies here: a multipart upload with a part in it, and the writer's marker.
        _time.Advance(S3SetStore.DefaultAbandonedAfter + TimeSpan.FromMinutes(1));
        var leftover = Assert.Single(await store.ListLeftoversAsync(Id.Tier, Ct));
        Assert.Equal(new Leftover(Id, LeftoverKind.Unfinished), leftover);
        Assert.Single(await UploadsAsync(location));

        await store.RemoveLeftoverAsync(leftover, Ct);

        Assert.Empty(await UploadsAsync(location));
        Assert.Empty(await KeysAsync(location));
        Assert.Empty(await store.ListLeftoversAsync(Id.Tier, Ct));
    }

    [Fact]
    public async Task ListLeftovers_OnlyAnUploadBegunRecently_InProgress()
    {
        var (store, location) = await SmallPartStoreAsync();
        await s3.Client.InitiateMultipartUploadAsync(location.Bucket, $"{location.Prefix}/{Id}/big.sql", Ct);

        Assert.Equal([new Leftover(Id, LeftoverKind.InProgress)], await store.ListLeftoversAsync(Id.Tier, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RemoveLeftoverAsync(new Leftover(Id, LeftoverKind.InProgress), Ct));
    }

    [Fact]
    public async Task Begin_IdWithObjects_TakesTheNextFreeSecond()
    {
        var (store, location) = await SmallPartStoreAsync();
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = location.Bucket, Key = $"{location.Prefix}/{Id}/stray", ContentBody = "x", UseChunkEncoding = false }, Ct);

        await using var writer = await store.BeginAsync(Id, Ct);

        Assert.Equal(Id.Next(), writer.Id);
    }

    [Fact]
    public async Task Begin_AfterTheLeftoverAtTheIdIsRemoved_GetsExactlyThatId()
    {
        // What a copy does to give a set the very id it has at its source, after a copy that crashed left its objects.
        var (store, location) = await SmallPartStoreAsync();
        foreach (var file in new[] { S3SetStore.WriterMarker, "a.sql" })
        {
            await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = location.Bucket, Key = $"{location.Prefix}/{Id}/{file}", ContentBody = "", UseChunkEncoding = false }, Ct);
        }

        _time.Advance(S3SetStore.DefaultAbandonedAfter + TimeSpan.FromMinutes(1));
        foreach (var leftover in (await store.ListLeftoversAsync(Id.Tier, Ct)).Where(l => l.Id == Id))
        {
            await store.RemoveLeftoverAsync(leftover, Ct);
        }

        await using var writer = await store.BeginAsync(Id, Ct);

        Assert.Equal(Id, writer.Id);
    }

    [Fact]
    public async Task Commit_FileGoneWhileTheSetWasWritten_RefusedAndNotListed()
    {
        var (store, location) = await SmallPartStoreAsync();
        await using var writer = await store.BeginAsync(Id, Ct);
        await using (var stream = await writer.CreateFileAsync("a.sql", Ct))
        {
            stream.Write("hello"u8);
        }

        // A prune elsewhere took the set for an abandoned one and removed its objects.
        await s3.Client.DeleteObjectAsync(location.Bucket, $"{location.Prefix}/{Id}/a.sql", Ct);

        var error = await Assert.ThrowsAsync<HourglassException>(() => writer.CommitAsync(Manifests.Of(Id, ("a.sql", 5, "")), Ct));

        Assert.Contains("a.sql", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListSetsAsync(null, Ct));
    }

    [Fact]
    public async Task DeleteFile_StreamStillOpen_TheFileDoesNotComeBack()
    {
        var (store, location) = await SmallPartStoreAsync();
        await using var writer = await store.BeginAsync(Id, Ct);
        var stream = await writer.CreateFileAsync("failed.sql", Ct);
        await stream.WriteAsync(RandomNumberGenerator.GetBytes(6 * MiB), Ct);

        await writer.DeleteFileAsync("failed.sql", Ct);
        await stream.DisposeAsync();
        await writer.CommitAsync(Manifests.Of(Id), Ct);

        Assert.Equal(["daily/backup_20251025_010000/manifest.json"], await KeysAsync(location));
        Assert.Empty(await UploadsAsync(location));
    }
}
