using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Targets;

/// <summary><c>hourglass show --target</c>: what an off-site copy holds, streamed from the target with the local root gone.</summary>
public sealed class ShowFromTargetTests(PostgresCluster cluster, S3Server s3)
{
    [Fact]
    public async Task Show_FromEncryptedTargetWithLocalRootGone_ListsTheManifestsRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("showoff", SampleSchemas.Rich, ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, ct);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: true)), key);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup", "--tier", "daily")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync(ct, "copy", "latest", "--to", "offsite")).ExitCode);
        var set = Assert.Single(workspace.AllSets()).Id;
        Directory.Delete(workspace.Root, recursive: true);

        var result = await workspace.RunAsync(ct, "show", "latest", "--db", source, "--target", "offsite", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal((set.ToString(), "offsite"), (json.RootElement.GetProperty("set").GetString(), json.RootElement.GetProperty("target").GetString()));
        var dump = (await offsite.ManifestAsync(set, ct)).Find(source)!;
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("rows").GetInt64());
        Assert.Equal(dump.Tables.OrderBy(t => t.Key, StringComparer.Ordinal), tables.OrderBy(t => t.Key, StringComparer.Ordinal));
    }
}
