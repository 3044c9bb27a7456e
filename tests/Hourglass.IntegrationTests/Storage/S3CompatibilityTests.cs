using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>
/// Why <see cref="S3SetStore"/> sets what it sets: what the SDK does by default, which S3-compatible servers such
/// as the private one (OpenStack Swift) refuse, next to what the store does instead.
/// </summary>
public sealed class S3CompatibilityTests(S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonS3Client ClientWith(AmazonS3Config config) => new(new BasicAWSCredentials(s3.AccessKeyId, s3.SecretAccessKey), config);

    private AmazonS3Config DefaultConfig() => new() { ServiceURL = s3.Endpoint, AuthenticationRegion = s3.Region, ForcePathStyle = true, MaxErrorRetry = 0 };

    [Fact]
    public async Task PutObject_SdkDefaults_RefusedForAwsChunkedPayloads()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        using var client = ClientWith(DefaultConfig());

        // Recent SDKs send a CRC32 trailer in an aws-chunked body by default; over plain HTTP they sign it chunk by chunk too.
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "hello" }, Ct));

        Assert.Equal("NotImplemented", error.ErrorCode);
        Assert.Contains("aws-chunked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_ChecksumsOnlyWhenRequiredButChunked_StillRefused()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        var config = DefaultConfig();
        config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        using var client = ClientWith(config);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "hello" }, Ct));

        Assert.Equal("NotImplemented", error.ErrorCode);
    }

    [Fact]
    public async Task PutObject_StoreSettings_Accepted()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        var content = "hello"u8.ToArray();
        using var client = ClientWith(S3SetStore.Config(s3.Location(bucket)));

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", InputStream = new MemoryStream(content), MD5Digest = S3Target.ContentMd5(content), UseChunkEncoding = false }, Ct);

        Assert.Equal(5, (await client.GetObjectMetadataAsync(bucket, "a", Ct)).ContentLength);
    }

    [Fact]
    public async Task DeleteObjects_WithoutContentMd5_RefusedSoTheStoreDeletesOneByOne()
    {
        var bucket = await s3.CreateBucketAsync(Ct);
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "x", UseChunkEncoding = false }, Ct);

        // The SDK sends a CRC32 where this server wants Content-MD5, and will not send an MD5 it did not compute.
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "a" }] }, Ct));
        Assert.Equal("InvalidRequest", error.ErrorCode);

        var store = new S3Target(s3.Client, s3.Location(bucket), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await store.DeleteAsync(["a"], Ct);
        Assert.False(await store.AnyAsync("", Ct));
    }
}
