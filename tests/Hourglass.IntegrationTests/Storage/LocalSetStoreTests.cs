using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Storage;

public sealed class LocalSetStoreTests : SetStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hourglass-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    protected override Task<ISetStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ISetStore>(new LocalSetStore(_root, TimeProvider.System));

    protected override async Task AbandonAsync(ISetWriter writer, CancellationToken cancellationToken)
    {
        // What a SIGKILL leaves: the folder with what was written and a lock file that nobody holds any more.
        var partial = Path.Combine(_root, writer.Id.Tier, writer.Id.Name + ".partial");
        var copy = partial + "-copy";
        CopyFolder(partial, copy);
        await writer.DisposeAsync();
        Directory.Move(copy, partial);
        await File.WriteAllTextAsync(Path.Combine(partial, LocalSetWriter.LockFileName), "", cancellationToken);
    }

    protected override Task InterruptDeleteAsync(SetId id, CancellationToken cancellationToken)
    {
        // LocalSetStore.DeleteAsync renames first, then deletes: a crash after the rename and one file.
        var folder = Path.Combine(_root, id.Tier, id.Name);
        Directory.Move(folder, folder + ".deleting");
        File.Delete(Path.Combine(folder + ".deleting", "a.sql"));
        return Task.CompletedTask;
    }

    protected override Task ReplaceRawManifestAsync(ISetStore store, SetId id, Manifest manifest) =>
        LocalSetStore.WriteManifestAsync(Path.Combine(_root, id.Tier, id.Name), manifest, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Commit_FoldersArePrivateAndFilesToo()
    {
        var store = new LocalSetStore(_root, TimeProvider.System);
        var id = new SetId("hourly", "backup_20251025_053945");
        await using (var writer = await store.BeginAsync(id, TestContext.Current.CancellationToken))
        {
            await using (var stream = await writer.CreateFileAsync("a.sql", TestContext.Current.CancellationToken))
            {
                stream.WriteByte(1);
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, "hourly", id.Name + ".partial")));
            var manifest = new Manifest
            {
                Id = id.ToString(), Tier = "hourly", StartedAt = id.StartedAt, FinishedAt = id.StartedAt, Status = SetStatus.Complete,
                Server = new ServerInfo("h", 5432, null), Node = "n",
                Databases = [new DatabaseDump { Name = "a", File = "a.sql", Compression = "none", Status = DumpStatus.Ok, Bytes = 1 }],
            };
            await writer.CommitAsync(manifest, TestContext.Current.CancellationToken);
        }

        var folder = Path.Combine(_root, "hourly", id.Name);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, "hourly")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(["a.sql", "manifest.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(folder), file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from).Where(f => Path.GetFileName(f) != LocalSetWriter.LockFileName))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
