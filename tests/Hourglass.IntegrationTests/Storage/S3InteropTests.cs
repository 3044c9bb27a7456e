using System.Text;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>A set on S3 is plain objects any S3 tool reads: rclone lists and reads what <see cref="S3SetStore"/> wrote.</summary>
public sealed class S3InteropTests(S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// rclone configured through RCLONE_CONFIG_HG_* variables (no config file, no secret in its arguments), and
    /// without AWS_CA_BUNDLE: with it set, rclone's S3 backend (the Go AWS SDK) tries to load the bundle into
    /// rclone's own HTTP transport and fails every command ("LoadCustomCABundleError").
    /// </summary>
    private Task<string> RcloneAsync(params string[] arguments) => Tools.RunAsync("rclone", new Dictionary<string, string?>
    {
        ["AWS_CA_BUNDLE"] = null,
        ["RCLONE_CONFIG_HG_TYPE"] = "s3",
        ["RCLONE_CONFIG_HG_PROVIDER"] = "Other",
        ["RCLONE_CONFIG_HG_ENDPOINT"] = s3.Endpoint,
        ["RCLONE_CONFIG_HG_REGION"] = s3.Region,
        ["RCLONE_CONFIG_HG_ACCESS_KEY_ID"] = s3.AccessKeyId,
        ["RCLONE_CONFIG_HG_SECRET_ACCESS_KEY"] = s3.SecretAccessKey,
        ["RCLONE_CONFIG_HG_FORCE_PATH_STYLE"] = "true",
    }, Ct, ["--config", "/dev/null", .. arguments]);

    [Fact]
    public async Task Rclone_SetWrittenByTheStore_ListsAndReadsIt()
    {
        var location = s3.Location(await s3.CreateBucketAsync(Ct));
        var store = s3.Store(location);
        var id = new SetId("daily", "backup_20251025_010000");
        var dump = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("COPY public.t (id) FROM stdin;\n1\n\\.\n", 1000)));
        await using (var writer = await store.BeginAsync(id, Ct))
        {
            await using (var stream = await writer.CreateFileAsync("app.sql", Ct))
            {
                await stream.WriteAsync(dump, Ct);
            }

            await writer.CommitAsync(Manifests.Of(id, ("app.sql", dump.Length, null)), Ct);
        }

        var remote = $"hg:{location.Bucket}/{location.Prefix}";
        Assert.Equal(["daily/"], Lines(await RcloneAsync("lsf", remote)));
        Assert.Equal(["app.sql", "manifest.json"], Lines(await RcloneAsync("lsf", $"{remote}/{id}")));
        Assert.Equal(Encoding.UTF8.GetString(dump), await RcloneAsync("cat", $"{remote}/{id}/app.sql"));
        using var manifest = new MemoryStream(Encoding.UTF8.GetBytes(await RcloneAsync("cat", $"{remote}/{id}/manifest.json")));
        Assert.Equal("app.sql", ManifestFile.TryRead(manifest, id, out _)!.Databases[0].File);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
