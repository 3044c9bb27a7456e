using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Cli.Rendering;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SetListDocument))]
[JsonSerializable(typeof(IReadOnlyList<JobDocument>))]
[JsonSerializable(typeof(JobDocument))]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

internal static class JsonOutput
{
    private static readonly CliJsonContext Json = new(new JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void Write<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, typeof(T), Json));

    /// <summary>UTC to the second with a Z, as in manifests.</summary>
    public static string Time(DateTimeOffset value) => ManifestFile.FormatTime(value);
}
