using System.Text;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Storage;

/// <summary>
/// What every set store must do, whatever it keeps sets in. <see cref="LocalSetStoreTests"/> runs these tests, and
/// every other store (S3-compatible targets) runs the same ones, so stores cannot drift apart.
/// </summary>
public abstract class SetStoreContract
{
    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<ISetStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>Simulates a writer that died mid-set: what it wrote stays, nothing holds it any more.</summary>
    protected abstract Task AbandonAsync(ISetWriter writer, CancellationToken cancellationToken);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SetId Id = new("hourly", "backup_20251025_053945");

    /// <summary>How many sets the listing race below deletes: many locally, fewer where each delete is a round trip.</summary>
    protected virtual int SetsDeletedWhileListed => 300;

    private static Manifest ManifestOf(SetId id, params string[] files) => Manifests.Of(id, [.. files.Select(f => (f, 5L, (string?)null))]);

    private static async Task WriteFileAsync(ISetWriter writer, string file, string content)
    {
        await using var stream = await writer.CreateFileAsync(file, Ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), Ct);
    }

    private static async Task<SetId> CommittedAsync(ISetStore store, SetId id, params string[] files)
    {
        await using var writer = await store.BeginAsync(id, Ct);
        foreach (var file in files)
        {
            await WriteFileAsync(writer, file, "hello");
        }

        await writer.CommitAsync(ManifestOf(writer.Id, files), Ct);
        return writer.Id;
    }

    private static async Task<string?> ReadAsync(ISetStore store, SetId id, string file)
    {
        await using var stream = await store.OpenReadAsync(id, file, Ct);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    /// <summary>
    /// Found by the fault campaign (serve nodes pruning a tier every 2 s): retention deleting a set while a node listed
    /// the store (the alerts' disk watch) made the local listing throw, or list the set being deleted as one without
    /// a manifest, a damaged set that never was; the S3 listing did the latter.
    /// </summary>
    [Fact]
    public async Task ListSets_WhileRetentionDeletesSets_NeverThrowsNorListsAGoneSetAsDamaged()
    {
        var store = await CreateStoreAsync(Ct);
        var ids = new List<SetId>();
        for (var i = 0; i < SetsDeletedWhileListed; i++)
        {
            ids.Add(await CommittedAsync(store, new SetId("hourly", $"backup_20251025_{i / 60:00}{i % 60:00}00"), "a.sql", "b.sql", "c.sql"));
        }

        var deleting = Task.Run(
            async () =>
            {
                foreach (var id in ids)
                {
                    await store.DeleteAsync(id, Ct);
                }
            },
            Ct);
        while (!deleting.IsCompleted)
        {
            var sets = await store.ListSetsAsync(null, Ct);
            Assert.All(sets, set => Assert.True(set.Manifest is not null, $"{set.Id} listed without its manifest: {set.Problem}"));
        }

        await deleting;
        Assert.Empty(await store.ListSetsAsync(null, Ct));
    }

    [Fact]
    public async Task Commit_SetIsListedWithItsManifestAndItsFilesReadBack()
    {
        var store = await CreateStoreAsync(Ct);

        var id = await CommittedAsync(store, Id, "a.sql", "b.sql");

        var set = Assert.Single(await store.ListSetsAsync(null, Ct));
        Assert.Equal(Id, id);
        Assert.Equal(id, set.Id);
        Assert.Null(set.Problem);
        Assert.Equal(["a", "b"], set.Manifest!.Databases.Select(d => d.Name));
        Assert.Equal("hello", await ReadAsync(store, id, "a.sql"));
        Assert.Equal(["hourly"], await store.ListTiersAsync(Ct));
        Assert.True(set.Bytes >= 10);
    }

    [Fact]
    public async Task Begin_BeforeCommit_NothingIsListedAsASet()
    {
        var store = await CreateStoreAsync(Ct);
        await using var writer = await store.BeginAsync(Id, Ct);
        await WriteFileAsync(writer, "a.sql", "hello");

        Assert.Empty(await store.ListSetsAsync(null, Ct));
        Assert.Null(await store.FindAsync(writer.Id, Ct));
        var leftover = Assert.Single(await store.ListLeftoversAsync("hourly", Ct));
        Assert.Equal(new Leftover(writer.Id, LeftoverKind.InProgress), leftover);
    }

    [Fact]
    public async Task Dispose_Uncommitted_LeavesNothingBehind()
    {
        var store = await CreateStoreAsync(Ct);
        await using (var writer = await store.BeginAsync(Id, Ct))
        {
            await WriteFileAsync(writer, "a.sql", "hello");
        }

        Assert.Empty(await store.ListSetsAsync(null, Ct));
        Assert.Empty(await store.ListLeftoversAsync("hourly", Ct));
    }

    [Fact]
    public async Task Begin_SameIdTwiceAtOnce_DistinctSets()
    {
        var store = await CreateStoreAsync(Ct);

        var ids = await Task.WhenAll(CommittedAsync(store, Id, "a.sql"), CommittedAsync(store, Id, "a.sql"));

        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(2, (await store.ListSetsAsync("hourly", Ct)).Count);
    }

    [Fact]
    public async Task ListSets_NewestFirst_AndByTier()
    {
        var store = await CreateStoreAsync(Ct);
        var older = await CommittedAsync(store, Id, "a.sql");
        var newer = await CommittedAsync(store, new SetId("hourly", "backup_20251025_063945"), "a.sql");
        var daily = await CommittedAsync(store, new SetId("daily", "backup_20251025_010000"), "a.sql");

        Assert.Equal([newer, older, daily], (await store.ListSetsAsync(null, Ct)).Select(s => s.Id));
        Assert.Equal([daily], (await store.ListSetsAsync("daily", Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task AbandonedWriter_ListedAsUnfinished_AndRemovable()
    {
        var store = await CreateStoreAsync(Ct);
        var writer = await store.BeginAsync(Id, Ct);
        await WriteFileAsync(writer, "a.sql", "half a dump");
        await AbandonAsync(writer, Ct);

        var leftover = Assert.Single(await store.ListLeftoversAsync("hourly", Ct));
        Assert.Equal(LeftoverKind.Unfinished, leftover.Kind);
        Assert.Empty(await store.ListSetsAsync(null, Ct));

        await store.RemoveLeftoverAsync(leftover, Ct);

        Assert.Empty(await store.ListLeftoversAsync("hourly", Ct));
    }

    [Fact]
    public async Task Probe_Succeeds_AndAddsNoTierSetOrLeftover()
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql");

        await store.ProbeAsync(Ct);

        Assert.Equal(["hourly"], await store.ListTiersAsync(Ct));
        Assert.Equal([id], (await store.ListSetsAsync(null, Ct)).Select(s => s.Id));
        Assert.Empty(await store.ListLeftoversAsync("hourly", Ct));
    }

    [Fact]
    public async Task Delete_SetIsGoneWithItsFiles()
    {
        var store = await CreateStoreAsync(Ct);
        var keep = await CommittedAsync(store, Id, "a.sql");
        var gone = await CommittedAsync(store, new SetId("hourly", "backup_20251025_063945"), "a.sql");

        await store.DeleteAsync(gone, Ct);

        Assert.Equal([keep], (await store.ListSetsAsync(null, Ct)).Select(s => s.Id));
        Assert.Null(await ReadAsync(store, gone, "a.sql"));
        Assert.Empty(await store.ListLeftoversAsync("hourly", Ct));
    }

    [Fact]
    public async Task ReplaceManifest_ReadersSeeTheNewOne()
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql");
        var set = (await store.FindAsync(id, Ct))!;

        await store.ReplaceManifestAsync(set.Manifest! with { Node = "verifier" }, Ct);

        Assert.Equal("verifier", (await store.FindAsync(id, Ct))!.Manifest!.Node);
    }

    [Fact]
    public async Task OpenRead_MissingFile_Null()
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql");

        Assert.Null(await store.OpenReadAsync(id, "b.sql", Ct));
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("../backup_20251025_063945/a.sql")]
    [InlineData("/etc/passwd")]
    public async Task OpenRead_NameThatIsNotPlain_RefusedWithoutReadingOutsideTheSet(string file)
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql");

        var error = await Assert.ThrowsAsync<HourglassException>(() => store.OpenReadAsync(id, file, Ct));

        Assert.Contains("not a plain file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestNamingAnotherSet_ListedAsUnreadable()
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql");
        var set = (await store.FindAsync(id, Ct))!;

        await ReplaceRawManifestAsync(store, id, set.Manifest! with { Id = "hourly/backup_20200101_000000" });

        var listed = Assert.Single(await store.ListSetsAsync(null, Ct));
        Assert.Null(listed.Manifest);
        Assert.Contains("names a different set", listed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteInterruptedHalfway_NotListedAsASet_LeftoverToRemove()
    {
        var store = await CreateStoreAsync(Ct);
        var id = await CommittedAsync(store, Id, "a.sql", "b.sql");

        await InterruptDeleteAsync(id, Ct);

        Assert.Empty(await store.ListSetsAsync(null, Ct));
        var leftover = Assert.Single(await store.ListLeftoversAsync("hourly", Ct));
        Assert.Equal(new Leftover(id, LeftoverKind.Deleting), leftover);
        await store.RemoveLeftoverAsync(leftover, Ct);
        Assert.Empty(await store.ListLeftoversAsync("hourly", Ct));
    }

    /// <summary>Leaves a set as a delete that stopped halfway (after some of its files went) leaves it.</summary>
    protected abstract Task InterruptDeleteAsync(SetId id, CancellationToken cancellationToken);

    /// <summary>Writes a manifest as stored bytes under <paramref name="id"/>, whatever it says: an edited or damaged manifest.</summary>
    protected abstract Task ReplaceRawManifestAsync(ISetStore store, SetId id, Manifest manifest);
}
