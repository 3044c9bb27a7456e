using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Packaging;

/// <summary>What a server without the .NET SDK gets from <c>deploy/package.sh</c>: a native file that runs, and a .deb around it.</summary>
public sealed class PackageTests(Package package) : IClassFixture<Package>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>No dotnet to be found: an empty PATH and a DOTNET_ROOT that does not exist.</summary>
    private static readonly Dictionary<string, string?> NoSdk = new() { ["PATH"] = "", ["DOTNET_ROOT"] = "/nonexistent", ["DOTNET_ROOT_X64"] = null };

    [Fact]
    public async Task NativeFile_WithNoDotnetAnywhere_RunsHelpAListAndTheSqliteLedger()
    {
        using var folder = new TemporaryDirectory();
        var config = Path.Combine(folder.Path, "hourglass.json");
        File.WriteAllText(config, """{ "databases": ["app"] }""");

        var contents = await Tools.RunAsync("tar", Ct, "-tzf", package.Archive);
        await Tools.RunAsync("tar", Ct, "-xzf", package.Archive, "-C", folder.Path);
        var binary = Directory.GetFiles(folder.Path, "hourglass", SearchOption.AllDirectories).Single();
        var help = await Tools.RunAsync(binary, NoSdk, Ct, "--help");
        var list = await Tools.RunAsync(binary, NoSdk, Ct, "--config", config, "list");
        var jobs = await Tools.RunAsync(binary, NoSdk, Ct, "--config", config, "jobs");

        Assert.Equal(
            ["hourglass", "libe_sqlite3.so", "libsodium.so", "libzstd.so"],
            contents.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName).Where(n => n!.Length > 0).Order(StringComparer.Ordinal));
        // A .NET app host (single-file or not) is an ELF file too, but it starts the runtime through libhostfxr.
        Assert.True(File.ReadAllBytes(binary).AsSpan(0, 4).SequenceEqual("\u007fELF"u8), "the file is not an ELF executable");
        Assert.False(Contains(binary, "libhostfxr"), "the file is a .NET app host, not a native program");
        Assert.Contains("Hourglass: scheduled, verified PostgreSQL backups", help, StringComparison.Ordinal);
        Assert.Contains("No backup sets", list, StringComparison.Ordinal);
        Assert.Contains("No jobs in SQLite", jobs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deb_HoldsTheBinaryTheUnitTheConfigAndTheUserScript_AndItsBinaryRunsWithoutTheSdk()
    {
        using var folder = new TemporaryDirectory();

        var contents = await Tools.RunAsync("dpkg-deb", Ct, "--contents", package.Deb);
        var depends = await Tools.RunAsync("dpkg-deb", Ct, "--field", package.Deb, "Depends");
        var conffiles = await Tools.RunAsync("dpkg-deb", Ct, "--info", package.Deb, "conffiles");
        var postinst = await Tools.RunAsync("dpkg-deb", Ct, "--info", package.Deb, "postinst");
        var postrm = await Tools.RunAsync("dpkg-deb", Ct, "--info", package.Deb, "postrm");
        await Tools.RunAsync("dpkg-deb", Ct, "--extract", package.Deb, folder.Path);
        var help = await Tools.RunAsync(Path.Combine(folder.Path, "usr", "lib", "hourglass", "hourglass"), NoSdk, Ct, "--help");
        // Through the /usr/bin link, as a user runs it: the libraries are found beside the real file.
        File.WriteAllText(Path.Combine(folder.Path, "hourglass.json"), """{ "databases": ["app"] }""");
        var jobs = await Tools.RunAsync(Path.Combine(folder.Path, "usr", "bin", "hourglass"), NoSdk, Ct, "--config", Path.Combine(folder.Path, "hourglass.json"), "jobs");

        Assert.All(
            ["./usr/lib/hourglass/hourglass", "./usr/lib/hourglass/libe_sqlite3.so", "./usr/lib/hourglass/libsodium.so", "./usr/lib/hourglass/libzstd.so", "./usr/bin/hourglass -> ../lib/hourglass/hourglass", "./lib/systemd/system/hourglass.service", "./etc/hourglass/hourglass.json"],
            path => Assert.Contains(path, contents, StringComparison.Ordinal));
        Assert.Contains("postgresql-client", depends, StringComparison.Ordinal);
        Assert.Equal("/etc/hourglass/hourglass.json", conffiles.Trim());
        Assert.Contains("useradd --system", postinst, StringComparison.Ordinal);
        Assert.DoesNotContain("rm -", postrm, StringComparison.Ordinal);
        Assert.Contains("User=hourglass", File.ReadAllText(Path.Combine(folder.Path, "lib", "systemd", "system", "hourglass.service")), StringComparison.Ordinal);
        Assert.Contains("Usage:", help, StringComparison.Ordinal);
        Assert.Contains("No jobs in SQLite", jobs, StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="file"/> holds the bytes of <paramref name="text"/>.</summary>
    private static bool Contains(string file, string text) =>
        File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hourglass-deb-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
