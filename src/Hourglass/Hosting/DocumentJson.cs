using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Hosting;

/// <summary>
/// The JSON of every document Hourglass hands to other programs (<c>list --json</c>, <c>status --json</c>,
/// <c>jobs --json</c>, <c>show --json</c>, and the API's <c>/api/v1</c>): camelCase, indented, every field written even when null, names and text as they
/// are rather than \u-escaped. One place, so the CLI and the API write the same bytes for the same document.
/// </summary>
public static class DocumentJson
{
    private static readonly DocumentJsonContext Context = new(new JsonSerializerOptions(DocumentJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The options documents are written with, for hosts that serialize them themselves (an ASP.NET Core API).</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>A document as JSON text.</summary>
    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, typeof(T), Context);
}

// Times and enums as manifest.json writes them, for the manifest a set's document holds; every other document has
// its times and enums as strings already.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SetListDocument))]
[JsonSerializable(typeof(SetDetailDocument))]
[JsonSerializable(typeof(IReadOnlyList<JobDocument>))]
[JsonSerializable(typeof(JobDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(Hourglass.Restores.DumpContentsDocument))]
[JsonSerializable(typeof(IReadOnlyList<TokenDocument>))]
[JsonSerializable(typeof(Hourglass.Alerts.AlertListDocument))]
[JsonSerializable(typeof(IReadOnlyList<StatusNodeDocument>))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
