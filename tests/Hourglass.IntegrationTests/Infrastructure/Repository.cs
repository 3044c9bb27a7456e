namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Paths inside this repository, found from the test binary's location.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built CLI, as the same configuration as these tests.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Hourglass.Cli.dll");

    /// <summary>
    /// How the tests start <c>hourglass</c>: the native release file named by <c>HOURGLASS_TEST_CLI</c> when set (what
    /// <c>./hourglass</c> and the package ship, which <c>./test.sh</c> builds), else <c>dotnet</c> and the built dll.
    /// </summary>
    public static IReadOnlyList<string> CliCommand { get; } =
        Environment.GetEnvironmentVariable("HOURGLASS_TEST_CLI") is { Length: > 0 } native ? [native] : ["dotnet", CliDll];

    /// <summary>
    /// The embedding sample, built in the same configuration, in its own output folder: the tests' folder holds
    /// ASP.NET Core's shared-framework assemblies only by reference (the web host), which the sample does not use.
    /// </summary>
    public static string SampleDll(string name) =>
        Path.Combine(Root, "samples", name, "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hourglass.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Hourglass.slnx) above " + AppContext.BaseDirectory);
    }
}
