namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// The release package, built once per test run by <c>deploy/package.sh</c> (the native file with its libraries as a
/// .tar.gz, and the .deb), for the tests that check what a server without the SDK gets.
/// </summary>
public sealed class Package : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-package-").FullName;

    /// <summary>The native file and its libraries, packed.</summary>
    public string Archive { get; private set; } = "";

    /// <summary>The Debian package.</summary>
    public string Deb { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Tools.RunAsync(Path.Combine(Repository.Root, "deploy", "package.sh"), TestContext.Current.CancellationToken, "--out", _folder, "--version", "0.0.0");
        Deb = Directory.GetFiles(_folder, "hourglass_*.deb").Single();
        Archive = Directory.GetFiles(_folder, "hourglass-*.tar.gz").Single();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
