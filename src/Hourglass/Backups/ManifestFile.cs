using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hourglass.Storage;

namespace Hourglass.Backups;

/// <summary>Reads and atomically writes <c>manifest.json</c>.</summary>
public static class ManifestFile
{
    // Manifests are read by people too: keep quotes and non-ASCII database names as they are rather than \u-escaped.
    private static readonly ManifestJsonContext Json = new(new JsonSerializerOptions(ManifestJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Reads a set folder's manifest; null when it is missing or not a manifest we can read.</summary>
    public static Manifest? TryRead(string setFolder, out string? problem)
    {
        var path = Path.Combine(setFolder, Manifest.FileName);
        try
        {
            using var stream = File.OpenRead(path);
            var manifest = JsonSerializer.Deserialize(stream, Json.Manifest);
            problem = manifest is null ? "the manifest is empty" : manifest.Version > Manifest.CurrentVersion ? $"manifest version {manifest.Version} is newer than this Hourglass reads" : null;
            return problem is null ? manifest : null;
        }
        catch (FileNotFoundException)
        {
            problem = "no manifest.json";
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = "unreadable manifest.json: " + e.Message.Split(". Path:")[0];
        }

        return null;
    }

    /// <summary>Writes the manifest to a temporary file, fsyncs it, and renames it into place, so a reader sees the old or the new one, never half of one.</summary>
    public static async Task WriteAsync(string setFolder, Manifest manifest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(setFolder, Manifest.FileName);
        var temporary = path + ".tmp";
        await using (var stream = PrivateFiles.CreateNew(temporary, overwrite: true))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, Json.Manifest, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        Posix.FsyncDirectory(setFolder);
    }

    /// <summary>A time as manifests and every <c>--json</c> output write it: UTC to the second with a <c>Z</c>, <c>2025-10-25T05:39:45Z</c>.</summary>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A verification result as <c>verify --json</c> prints it: <c>{ "set": …, "verification": … }</c>.</summary>
    public static string Serialize(string setId, Verification.SetVerification verification) =>
        JsonSerializer.Serialize(new VerificationJson(setId, verification), Json.VerificationJson);
}

/// <summary>The shape of <c>verify --json</c>.</summary>
internal sealed record VerificationJson(string Set, Verification.SetVerification Verification);

/// <summary>Times in manifests are UTC with a <c>Z</c>, to the second: <c>2025-10-25T05:39:45Z</c>.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ManifestFile.FormatTime(value));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(VerificationJson))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
