using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Manifests for tests: reading a local set folder's as the local store does, and making one for a set a test writes.</summary>
public static class Manifests
{
    /// <summary>A complete set's manifest with one ok, uncompressed dump per file, named after the file.</summary>
    public static Manifest Of(SetId id, params (string File, long Bytes, string? Sha256)[] files) => new()
    {
        Id = id.ToString(),
        Tier = id.Tier,
        StartedAt = id.StartedAt,
        FinishedAt = id.StartedAt.AddSeconds(5),
        Status = SetStatus.Complete,
        Server = new ServerInfo("localhost", 5432, "15.18"),
        Node = "test",
        Databases = [.. files.Select(f => new DatabaseDump { Name = Path.GetFileNameWithoutExtension(f.File), File = f.File, Compression = "none", Status = DumpStatus.Ok, Bytes = f.Bytes, Sha256 = f.Sha256 })],
    };

    public static Manifest? Read(string setFolder)
    {
        var id = new SetId(Path.GetFileName(Path.GetDirectoryName(setFolder)!), Path.GetFileName(setFolder));
        using var stream = File.OpenRead(Path.Combine(setFolder, Manifest.FileName));
        return ManifestFile.TryRead(stream, id, out _);
    }
}
