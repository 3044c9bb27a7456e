using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Reads a local set folder's manifest as the local store does, for tests that inspect or edit one.</summary>
public static class Manifests
{
    public static Manifest? Read(string setFolder)
    {
        var id = new SetId(Path.GetFileName(Path.GetDirectoryName(setFolder)!), Path.GetFileName(setFolder));
        using var stream = File.OpenRead(Path.Combine(setFolder, Manifest.FileName));
        return ManifestFile.TryRead(stream, id, out _);
    }
}
