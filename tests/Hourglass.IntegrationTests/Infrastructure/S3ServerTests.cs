using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// What the S3 tests rely on the private server (scripts/s3-server.sh) to do as S3 does: the whole multipart
/// protocol, checking Content-MD5, and keeping acknowledged data across a crash.
/// </summary>
public sealed class S3ServerTests(S3Server s3)
{
    private const int MiB = 1 << 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UploadPartRequest Part(string bucket, string key, string uploadId, int number, byte[] content, byte[]? md5Of = null) => new()
    {
        BucketName = bucket,
        Key = key,
        UploadId = uploadId,
        PartNumber = number,
        InputStream = new MemoryStream(content),
        MD5Digest = S3Target.ContentMd5(md5Of ?? content),
        UseChunkEncoding = false,
    };

    private static async Task<byte[]> ReadAsync(IAmazonS3 client, string bucket, string key)
    {
        using var response = await client.GetObjectAsync(bucket, key, Ct);
        var content = new MemoryStream();
        await response.ResponseStream.CopyToAsync(content, Ct);
        return content.ToArray();
    }

    [Fact]
    public async Task PutAndUploadPart_ContentMd5NotMatchingTheBytes_RefusedAsBadDigest()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        var content = RandomNumberGenerator.GetBytes(1000);

        var put = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = "a", InputStream = new MemoryStream(content), MD5Digest = S3Target.ContentMd5([1, 2, 3]), UseChunkEncoding = false }, Ct));
        var upload = await s3.Client.InitiateMultipartUploadAsync(bucket, "b", Ct);
        var part = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.UploadPartAsync(Part(bucket, "b", upload.UploadId, 1, content, md5Of: [1, 2, 3]), Ct));

        Assert.Equal("BadDigest", put.ErrorCode);
        Assert.Equal("BadDigest", part.ErrorCode);
    }

    [Fact]
    public async Task MultipartUpload_CreateUploadListCompleteAndAbort_AsS3Does()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        var first = RandomNumberGenerator.GetBytes(5 * MiB);
        var last = RandomNumberGenerator.GetBytes(1234);
        var kept = await s3.Client.InitiateMultipartUploadAsync(bucket, "set/kept", Ct);
        var dropped = await s3.Client.InitiateMultipartUploadAsync(bucket, "set/dropped", Ct);
        var parts = new List<PartETag>
        {
            new(1, (await s3.Client.UploadPartAsync(Part(bucket, "set/kept", kept.UploadId, 1, first), Ct)).ETag),
            new(2, (await s3.Client.UploadPartAsync(Part(bucket, "set/kept", kept.UploadId, 2, last), Ct)).ETag),
        };
        await s3.Client.UploadPartAsync(Part(bucket, "set/dropped", dropped.UploadId, 1, first), Ct);

        var listed = await s3.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = "set/" }, Ct);
        Assert.Equal(["set/dropped", "set/kept"], listed.MultipartUploads.Select(u => u.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await s3.Client.ListPartsAsync(bucket, "set/kept", kept.UploadId, Ct)).Parts.Count);

        await s3.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "set/kept", UploadId = kept.UploadId, PartETags = parts }, Ct);
        await s3.Client.AbortMultipartUploadAsync(bucket, "set/dropped", dropped.UploadId, Ct);

        Assert.Equal(first.Concat(last), await ReadAsync(s3.Client, bucket, "set/kept"));
        Assert.Empty((await s3.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = "set/" }, Ct)).MultipartUploads ?? []);
        var objects = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);
        Assert.Equal(["set/kept"], objects.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Server_KilledMidMultipartUploadAndRestarted_KeepsTheUploadAndItsParts()
    {
        await using var server = await S3Server.StartPrivateAsync();
        using var client = server.CreateClient();
        await client.PutBucketAsync("crash", Ct);
        var first = RandomNumberGenerator.GetBytes(5 * MiB);
        var last = RandomNumberGenerator.GetBytes(777);
        var upload = await client.InitiateMultipartUploadAsync("crash", "dump.sql", Ct);
        var etag = (await client.UploadPartAsync(Part("crash", "dump.sql", upload.UploadId, 1, first), Ct)).ETag;

        await server.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => client.ListBucketsAsync(Ct));
        await server.RestartAsync();

        var listed = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = "crash" }, Ct);
        Assert.Equal(upload.UploadId, Assert.Single(listed.MultipartUploads).UploadId);
        var etag2 = (await client.UploadPartAsync(Part("crash", "dump.sql", upload.UploadId, 2, last), Ct)).ETag;
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "crash", Key = "dump.sql", UploadId = upload.UploadId, PartETags = [new(1, etag), new(2, etag2)] }, Ct);
        Assert.Equal(first.Concat(last), await ReadAsync(client, "crash", "dump.sql"));
    }
}
