namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// The release package, built once per test run by <c>deploy/package.sh</c> (a self-contained single file and the
/// .deb around it), for the tests that check what a server without the SDK gets.
/// </summary>
public sealed class Package : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-package-").FullName;

    /// <summary>The single file.</summary>
    public string Binary => Path.Combine(_folder, "hourglass");

    /// <summary>The Debian package.</summary>
    public string Deb { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Tools.RunAsync(Path.Combine(Repository.Root, "deploy", "package.sh"), TestContext.Current.CancellationToken, "--out", _folder, "--version", "0.0.0");
        Deb = Directory.GetFiles(_folder, "hourglass_*.deb").Single();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
