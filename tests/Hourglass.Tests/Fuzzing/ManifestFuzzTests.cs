using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Hourglass.Storage;

namespace Hourglass.Tests.Fuzzing;

/// <summary>
/// <c>manifest.json</c> is untrusted input (a damaged disk, an edited copy on a target): whatever it holds, reading it
/// yields a manifest or a problem, never an exception, and an accepted manifest names only plain files inside its set.
/// </summary>
public sealed class ManifestFuzzTests
{
    private static readonly SetId Id = new("daily", "backup_20251025_010000");

    private static readonly string[] HostileNames =
    [
        "../../etc/passwd", "/etc/passwd", "..", ".", "", "a/b.sql.zst", "a\\b", "x\0y.sql.zst", "manifest.json", " ", "~/.pgpass",
        "%2e%2e/x", "globals.sql.zst/..", "ok.sql.zst",
    ];

    [Property(MaxTest = 500)]
    public void TryRead_ManifestShapedJsonWithHostileValues_NeverThrows_AndAcceptsOnlyPlainFileNames(int seed)
    {
        var random = new Random(seed);
        var json = Manifest(new FuzzJson(random), random);

        var manifest = ManifestFile.TryRead(new MemoryStream(Encoding.UTF8.GetBytes(json)), Id, out var problem);

        Assert.True((manifest is null) != (problem is null), $"seed {seed}: a manifest and a problem, or neither\n{json}");
        var files = manifest is null ? [] : manifest.Databases.Select(d => d.File).Append(manifest.Globals?.File).OfType<string>();
        Assert.All(files, f => Assert.True(IsPlainName(f), $"seed {seed}: accepted the file name '{f}'\n{json}"));
    }

    [Property(MaxTest = 200)]
    public void TryRead_AnyBytes_NeverThrows(byte[] bytes)
    {
        var manifest = ManifestFile.TryRead(new MemoryStream(bytes), Id, out var problem);

        Assert.True((manifest is null) != (problem is null));
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0;

    /// <summary>A version 1 manifest for <see cref="Id"/> whose fields are sometimes right and sometimes anything.</summary>
    private static string Manifest(FuzzJson fuzz, Random random)
    {
        JsonNode? Sometimes(JsonNode? right) => random.Next(4) == 0 ? fuzz.Value() : right;
        JsonNode Entry() => new JsonObject
        {
            ["name"] = Sometimes("app"),
            ["file"] = random.Next(2) == 0 ? HostileNames[random.Next(HostileNames.Length)] : Sometimes("app.sql.zst"),
            ["format"] = Sometimes("plain"),
            ["compression"] = Sometimes("zstd"),
            ["bytes"] = Sometimes(10),
            ["rawBytes"] = Sometimes(30),
            ["sha256"] = Sometimes(new string('a', 64)),
            ["status"] = Sometimes("ok"),
            ["error"] = Sometimes(null),
            ["tables"] = Sometimes(new JsonObject { ["public.t"] = 1 }),
        };

        var manifest = new JsonObject
        {
            ["version"] = Sometimes(1),
            ["id"] = Sometimes(Id.ToString()),
            ["tier"] = Sometimes(Id.Tier),
            ["startedAt"] = Sometimes("2025-10-25T01:00:00Z"),
            ["finishedAt"] = Sometimes("2025-10-25T01:00:05Z"),
            ["status"] = Sometimes("complete"),
            ["server"] = Sometimes(new JsonObject { ["host"] = "localhost", ["port"] = 5432, ["version"] = "15.18" }),
            ["pgDump"] = Sometimes("15.18"),
            ["node"] = Sometimes("host-a"),
            ["databases"] = Sometimes(new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Entry())])),
            ["globals"] = Sometimes(Entry()),
            ["verification"] = Sometimes(null),
        };
        return manifest.ToJsonString();
    }
}
