using System.Text.RegularExpressions;

namespace Hourglass.Tests;

/// <summary>
/// The engine's layering, read from its sources: folders (namespaces) use only the folders below them, and only
/// Storage knows where a set is on disk. README "Architecture" shows the graph these tests hold it to.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Engine = Path.Combine(RepositoryRoot(), "src", "Hourglass");

    [Fact]
    public void Architecture_NamespaceGraph_HasNoCycle()
    {
        var graph = Graph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Architecture_Configuration_UsesNoOtherFolder() => Assert.Empty(Graph()["Configuration"]);

    [Fact]
    public void Architecture_Encryption_UsesNoOtherFolder() => Assert.Empty(Graph()["Encryption"]);

    [Theory]
    [InlineData("Backups")]
    [InlineData("Restores")]
    [InlineData("Verification")]
    [InlineData("Retention")]
    [InlineData("Health")]
    [InlineData("Scheduling")]
    [InlineData("Events")]
    public void Architecture_OnlyStorageTouchesSetFiles(string folder)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Engine, folder), "*.cs", SearchOption.AllDirectories)
            .Where(file => FileSystemUse().IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Empty(offenders);
    }

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var folders = Directory.EnumerateDirectories(Engine).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj")).ToList();
        return folders.ToDictionary(
            folder => folder,
            folder => Directory.EnumerateFiles(Path.Combine(Engine, folder), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => Reference().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
                .Where(used => used != folder && folders.Contains(used))
                .ToHashSet(StringComparer.Ordinal));
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return graph.Keys.Order(StringComparer.Ordinal).Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Hourglass.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Hourglass.slnx not found above the test binary");
    }

    // `using Hourglass.X;`, `Hourglass.X.Type` and `X.Type` where X is a folder: every way a file can name another folder.
    [GeneratedRegex(@"(?:using\s+Hourglass\.|\bHourglass\.|(?<![\w.]))(Alerts|Backups|Configuration|Encryption|Events|Health|Hosting|Ledger|Postgres|Restores|Retention|Scheduling|Storage|Verification)\b(?:;|\.[A-Z])")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\b(Path\.Combine|Directory\.\w+|File\.(Exists|Open\w*|Delete|Move|Create\w*|Read\w*|Write\w*)|new FileStream)\b")]
    private static partial Regex FileSystemUse();
}
