using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hourglass.Cli.Rendering;

/// <summary>The stable shape of <c>list --json</c> (documented in the README). Add fields; never rename or remove them.</summary>
internal sealed record ListJson(string Root, long TotalBytes, long FreeBytes, IReadOnlyList<TierTotalJson> Tiers, IReadOnlyList<SetJson> Sets);

internal sealed record TierTotalJson(string Name, int Sets, long Bytes);

internal sealed record SetJson(
    string Id,
    string Tier,
    string StartedAt,
    string? FinishedAt,
    string Status,
    long Bytes,
    string Path,
    string? Problem,
    IReadOnlyList<SetDatabaseJson> Databases,
    SetVerificationJson? Verification);

/// <summary>The last verification of a set, in short.</summary>
internal sealed record SetVerificationJson(string Status, string At, bool Restore, IReadOnlyList<string> Problems);

internal sealed record SetDatabaseJson(string Name, string Status, string File, long Bytes, long RawBytes, string? Sha256, string? Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ListJson))]
[JsonSerializable(typeof(IReadOnlyList<JobView>))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(StatusJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

internal static class JsonOutput
{
    private static readonly CliJsonContext Json = new(new JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void Write<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, typeof(T), Json));

    /// <summary>UTC to the second with a Z, as in manifests.</summary>
    public static string Time(DateTimeOffset value) => Backups.ManifestFile.FormatTime(value);
}
