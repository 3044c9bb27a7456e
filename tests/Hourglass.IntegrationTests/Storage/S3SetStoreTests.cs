using System.Text;
using Amazon.S3.Model;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;
using Microsoft.Extensions.Time.Testing;
using S3Location = Hourglass.Storage.S3Location;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>The store contract on an S3-compatible server (<see cref="S3Server"/>): a fresh bucket per test, sets under a prefix.</summary>
public sealed class S3SetStoreTests(S3Server s3) : SetStoreContract
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private S3Location? _location;

    private S3Location Location => _location ?? throw new InvalidOperationException("no store yet");

    protected override int SetsDeletedWhileListed => 40;

    protected override async Task<ISetStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        _location = s3.Location(await s3.CreateBucketAsync(cancellationToken));
        return s3.Store(_location, _time);
    }

    protected override Task AbandonAsync(ISetWriter writer, CancellationToken cancellationToken)
    {
        // What a SIGKILL leaves: the objects written so far, and no writer to renew its marker or dispose of them.
        // A day later (past the store's abandonment age) they are an unfinished set.
        _time.Advance(S3SetStore.DefaultAbandonedAfter + TimeSpan.FromHours(1));
        return Task.CompletedTask;
    }

    protected override async Task InterruptDeleteAsync(SetId id, CancellationToken cancellationToken)
    {
        // S3SetStore.DeleteAsync writes its marker, deletes the manifest, then the files: a crash after one file.
        var prefix = $"{Location.Prefix}/{id}/";
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = Location.Bucket, Key = prefix + S3SetStore.DeletingMarker, ContentBody = "", UseChunkEncoding = false }, cancellationToken);
        await s3.Client.DeleteObjectAsync(Location.Bucket, prefix + Manifest.FileName, cancellationToken);
        await s3.Client.DeleteObjectAsync(Location.Bucket, prefix + "a.sql", cancellationToken);
    }

    protected override async Task ReplaceRawManifestAsync(ISetStore store, SetId id, Manifest manifest)
    {
        using var content = new MemoryStream();
        await ManifestFile.WriteAsync(content, manifest, TestContext.Current.CancellationToken);
        await s3.Client.PutObjectAsync(
            new PutObjectRequest { BucketName = Location.Bucket, Key = $"{Location.Prefix}/{id}/{Manifest.FileName}", ContentBody = Encoding.UTF8.GetString(content.ToArray()), UseChunkEncoding = false },
            TestContext.Current.CancellationToken);
    }
}
