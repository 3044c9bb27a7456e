using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Packaging;

/// <summary>What a server without the .NET SDK gets from <c>deploy/package.sh</c>: one file that runs, and a .deb around it.</summary>
public sealed class PackageTests(Package package) : IClassFixture<Package>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>No dotnet to be found: an empty PATH and a DOTNET_ROOT that does not exist.</summary>
    private static readonly Dictionary<string, string?> NoSdk = new() { ["PATH"] = "", ["DOTNET_ROOT"] = "/nonexistent", ["DOTNET_ROOT_X64"] = null };

    [Fact]
    public async Task SingleFile_WithNoDotnetAnywhere_RunsHelpAndAList()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "hourglass.json"), """{ "databases": ["app"] }""");

        var help = await Tools.RunAsync(package.Binary, NoSdk, Ct, "--help");
        var list = await Tools.RunAsync(package.Binary, NoSdk, Ct, "--config", Path.Combine(folder.Path, "hourglass.json"), "list");

        Assert.Contains("Hourglass: scheduled, verified PostgreSQL backups", help, StringComparison.Ordinal);
        Assert.Contains("No backup sets", list, StringComparison.Ordinal);
        // A framework-dependent file would also run here, from a machine-wide /usr/share/dotnet: the runtime itself must be inside.
        Assert.True(Bundles(package.Binary, "System.Private.CoreLib.dll"), "the single file does not carry the .NET runtime");
        Assert.True(Bundles(package.Binary, "Microsoft.AspNetCore.Server.Kestrel.Core.dll"), "the single file does not carry ASP.NET Core");
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

        Assert.All(
            ["./usr/lib/hourglass/hourglass", "./usr/bin/hourglass -> ../lib/hourglass/hourglass", "./lib/systemd/system/hourglass.service", "./etc/hourglass/hourglass.json"],
            path => Assert.Contains(path, contents, StringComparison.Ordinal));
        Assert.Contains("postgresql-client", depends, StringComparison.Ordinal);
        Assert.Equal("/etc/hourglass/hourglass.json", conffiles.Trim());
        Assert.Contains("useradd --system", postinst, StringComparison.Ordinal);
        Assert.DoesNotContain("rm -", postrm, StringComparison.Ordinal);
        Assert.Contains("User=hourglass", File.ReadAllText(Path.Combine(folder.Path, "lib", "systemd", "system", "hourglass.service")), StringComparison.Ordinal);
        Assert.Contains("Usage:", help, StringComparison.Ordinal);
    }

    /// <summary>True when the single-file bundle's manifest names <paramref name="assembly"/>.</summary>
    private static bool Bundles(string file, string assembly) =>
        File.ReadAllBytes(file).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(assembly)) >= 0;

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hourglass-deb-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
