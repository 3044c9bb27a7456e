using Hourglass.Hosting;
using Hourglass.Storage;

namespace Hourglass.Cli.Rendering;

/// <summary>Writes <c>--json</c> output: the engine's documents, as <see cref="DocumentJson"/> writes them.</summary>
internal static class JsonOutput
{
    public static void Write<T>(T value) => Console.WriteLine(DocumentJson.Serialize(value));

    /// <summary>UTC to the second with a Z, as in manifests.</summary>
    public static string Time(DateTimeOffset value) => ManifestFile.FormatTime(value);
}
