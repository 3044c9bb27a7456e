using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Hourglass.Storage;

/// <summary>
/// One S3-compatible target's bucket, as the store, its writers and their upload streams call it: every call
/// goes through <see cref="CallAsync{T}"/>, so whatever fails becomes one line that names the target and the fix
/// (<see cref="Errors"/>), never an SDK stack trace and never a secret. Listings page through continuation tokens.
/// </summary>
internal sealed class S3Target(IAmazonS3 client, S3Location location, ILogger logger)
{
    /// <summary>What S3 takes in one multi-object delete.</summary>
    private const int DeleteBatch = 1000;

    // Servers that want Content-MD5 on a multi-object delete (OpenStack Swift, older MinIO and Ceph) refuse what
    // recent SDKs send, a CRC32 the SDK will not swap for an MD5; once one refuses, delete one object at a time.
    private volatile bool _deleteOneByOne;

    public IAmazonS3 Client => client;

    public S3Location Location => location;

    public ILogger Logger => logger;

    public string Name => location.Bucket;

    /// <summary>Runs one request; a failure becomes a <see cref="HourglassException"/> (cancellation stays what it is).</summary>
    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, page by page; never their bodies.</summary>
    public async IAsyncEnumerable<S3Object> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Name, Prefix = prefix, ContinuationToken = token };
            var page = await CallAsync(t => client.ListObjectsV2Async(request, t), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>The "folders" right under <paramref name="prefix"/> (which ends in a slash or is empty): their names, without slashes.</summary>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(string prefix, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Name, Prefix = prefix, Delimiter = "/", ContinuationToken = token };
            var page = await CallAsync(t => client.ListObjectsV2Async(request, t), cancellationToken);
            folders.AddRange((page.CommonPrefixes ?? []).Select(p => p[prefix.Length..].TrimEnd('/')));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return folders;
    }

    /// <summary>True when any object's key starts with <paramref name="prefix"/>.</summary>
    public async Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Name, Prefix = prefix, MaxKeys = 1 };
        var page = await CallAsync(t => client.ListObjectsV2Async(request, t), cancellationToken);
        return page.S3Objects is { Count: > 0 };
    }

    /// <summary>The multipart uploads begun and neither completed nor aborted under <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<MultipartUpload>> ListUploadsAsync(string prefix, CancellationToken cancellationToken)
    {
        var uploads = new List<MultipartUpload>();
        string? keyMarker = null, uploadIdMarker = null;
        while (true)
        {
            var request = new ListMultipartUploadsRequest { BucketName = Name, Prefix = prefix, KeyMarker = keyMarker, UploadIdMarker = uploadIdMarker };
            ListMultipartUploadsResponse page;
            try
            {
                page = await client.ListMultipartUploadsAsync(request, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NotImplemented")
            {
                // A few S3-compatible servers cannot list uploads: then there is none this store can see to abort.
                return uploads;
            }
            catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
            {
                throw failure;
            }

            uploads.AddRange(page.MultipartUploads ?? []);
            if (page.IsTruncated != true)
            {
                return uploads;
            }

            (keyMarker, uploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }

    /// <summary>Opens an object for reading as it streams in, or null when there is no such object.</summary>
    public async Task<GetObjectResponse?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetObjectAsync(Name, key, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>True when the object exists.</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(Name, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Stores <paramref name="content"/> as one object, with its Content-MD5 for the server to check.</summary>
    public Task PutAsync(string key, byte[] content, int length, CancellationToken cancellationToken) =>
        PutAsync(key, content, length, ContentMd5(content.AsSpan(0, length)), cancellationToken);

    /// <summary>Stores <paramref name="content"/> as one object, with the Content-MD5 its caller hashed already (<paramref name="md5"/>, base64).</summary>
    public Task PutAsync(string key, byte[] content, int length, string md5, CancellationToken cancellationToken) =>
        CallAsync(t => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Name,
            Key = key,
            InputStream = new MemoryStream(content, 0, length, writable: false),
            MD5Digest = md5,
            UseChunkEncoding = false,
        }, t), cancellationToken);

    /// <summary>Stores <paramref name="manifest"/> as the JSON every store keeps, in one put (S3 replaces an object atomically).</summary>
    public async Task PutManifestAsync(string key, Manifest manifest, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await ManifestFile.WriteAsync(buffer, manifest, cancellationToken);
        await PutAsync(key, buffer.GetBuffer(), (int)buffer.Length, cancellationToken);
    }

    /// <summary>Aborts a multipart upload; one that is already gone is fine.</summary>
    public async Task AbortAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AbortMultipartUploadAsync(Name, key, uploadId, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload")
        {
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Removes a set's "folder": its unfinished uploads, then its objects. A manifest goes first and on its own, so
    /// no order a batch delete takes can leave a set listed with files missing; the markers go last, so a removal cut
    /// short still shows what the folder was. Returns how many objects and uploads it removed.
    /// </summary>
    public async Task<(int Objects, int Uploads)> RemoveFolderAsync(string prefix, CancellationToken cancellationToken)
    {
        var uploads = await ListUploadsAsync(prefix, cancellationToken);
        foreach (var upload in uploads)
        {
            await AbortAsync(upload.Key, upload.UploadId, cancellationToken);
        }

        var keys = new List<string>();
        await foreach (var item in ListAsync(prefix, cancellationToken))
        {
            keys.Add(item.Key);
        }

        var manifest = prefix + Manifest.FileName;
        string[] markers = [prefix + S3SetStore.WriterMarker, prefix + S3SetStore.DeletingMarker];
        if (keys.Contains(manifest))
        {
            await DeleteAsync([manifest], cancellationToken);
        }

        await DeleteAsync([.. keys.Where(k => k != manifest && !markers.Contains(k))], cancellationToken);
        await DeleteAsync([.. keys.Where(markers.Contains)], cancellationToken);
        return (keys.Count, uploads.Count);
    }

    /// <summary>Deletes <paramref name="keys"/>, in the order given, a batch at a time.</summary>
    public async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        for (var start = 0; start < keys.Count; start += DeleteBatch)
        {
            var batch = keys.Skip(start).Take(DeleteBatch).ToList();
            if (!_deleteOneByOne && await DeleteBatchAsync(batch, cancellationToken))
            {
                continue;
            }

            foreach (var key in batch)
            {
                await CallAsync(t => client.DeleteObjectAsync(Name, key, t), cancellationToken);
            }
        }
    }

    /// <summary>S3's Content-MD5 header: the base64 MD5 the server checks what it received against.</summary>
    public static string ContentMd5(ReadOnlySpan<byte> content)
    {
#pragma warning disable CA5351 // Content-MD5 is S3's check that the bytes arrived whole, not a security measure.
        return Convert.ToBase64String(MD5.HashData(content));
#pragma warning restore CA5351
    }

    /// <summary>False when the server refuses multi-object deletes in the form the SDK sends them.</summary>
    private async Task<bool> DeleteBatchAsync(List<string> batch, CancellationToken cancellationToken)
    {
        var request = new DeleteObjectsRequest { BucketName = Name, Objects = [.. batch.Select(k => new KeyVersion { Key = k })], Quiet = true };
        DeleteObjectsResponse response;
        try
        {
            response = await client.DeleteObjectsAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "InvalidRequest" or "NotImplemented" or "MissingContentMD5" or "InvalidDigest")
        {
            _deleteOneByOne = true;
            logger.S3MultiDeleteRefused(location.Location, OneLine(e.Message));
            return false;
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }

        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            throw Errors.S3Failed(location.Described, $"could not delete {errors[0].Key} ({errors[0].Code}: {OneLine(errors[0].Message)}) and {errors.Count - 1} more");
        }

        return true;
    }

    /// <summary>
    /// What a failed request means for the person running Hourglass, or null for what is not a request's failure
    /// (cancellation, or a message already written for people).
    /// </summary>
    internal HourglassException? Translate(Exception e, CancellationToken cancellationToken)
    {
        if (e is HourglassException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        var target = location.Described;
        switch (e)
        {
            case AmazonServiceException { ErrorCode: "NoSuchBucket" }:
                return Errors.S3BucketMissing(target, location.Bucket);
            case AmazonServiceException { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken" } service:
                return Errors.S3CredentialsRefused(target, service.ErrorCode);
            case AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } forbidden:
                return Errors.S3CredentialsRefused(target, forbidden.ErrorCode ?? "403 Forbidden");
            case AmazonClientException when e.Message.StartsWith("Failed to resolve AWS credentials", StringComparison.Ordinal):
                return Errors.S3NoCredentials(target);
        }

        // A refused connection, a name that does not resolve, a timeout: the SDK hands these on as they come.
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException or TimeoutException or IOException
                || (cause is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return Errors.S3Unreachable(target, OneLine(Innermost(cause).Message));
            }
        }

        return e switch
        {
            AmazonServiceException service => Errors.S3Failed(target, $"the server answered {service.ErrorCode ?? ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {OneLine(service.Message)}"),
            AmazonClientException client => Errors.S3Failed(target, OneLine(client.Message)),
            _ => null,
        };
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    /// <summary>A server's or the SDK's message on one line, not too long to read.</summary>
    internal static string OneLine(string? message)
    {
        var line = string.Join(' ', (message ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
