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

    protected override Task ReplaceRawManifestAsync(ISetStore store, SetId id, Manifest manifest) =>
        LocalSetStore.WriteManifestAsync(Path.Combine(_root, id.Tier, id.Name), manifest, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Commit_FoldersArePrivateAndFilesToo()
    {
        var store = new LocalSetStore(_root, TimeProvider.System);
        await using var writer = await store.BeginAsync(new SetId("hourly", "backup_20251025_053945"), TestContext.Current.CancellationToken);
        await using (var stream = await writer.CreateFileAsync("a.sql", TestContext.Current.CancellationToken))
        {
            stream.WriteByte(1);
        }

        var folder = Path.Combine(_root, "hourly", "backup_20251025_053945.partial");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "a.sql")));
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
