using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hourglass.Storage;

/// <summary>The JSON of <c>manifest.json</c>: reading it as untrusted input, and writing it.</summary>
public static class ManifestFile
{
    // Manifests are read by people too: keep quotes and non-ASCII database names as they are rather than \u-escaped.
    private static readonly ManifestJsonContext Json = new(new JsonSerializerOptions(ManifestJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>A string as a JSON literal, escaped the way manifests are written.</summary>
    internal static string Quoted(string text) => JsonSerializer.Serialize(text, Json.String);

    /// <summary>
    /// Reads a manifest from <paramref name="stream"/>; null with the problem when it is not a manifest this Hourglass
    /// can trust for <paramref name="id"/>. Manifests are untrusted input: a wrong id, a file name that is not a
    /// plain name inside the set, or a version from the future makes the set unreadable, never something to act on.
    /// </summary>
    public static Manifest? TryRead(Stream stream, SetId id, out string? problem)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(stream, Json.Manifest);
            problem = manifest is null ? "the manifest is empty" : Problem(manifest, id);
            return problem is null ? manifest : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = "unreadable manifest.json: " + e.Message.Split(". Path:")[0];
            return null;
        }
    }

    /// <summary>What makes <paramref name="manifest"/> untrustworthy as the manifest of <paramref name="id"/>, or null.</summary>
    private static string? Problem(Manifest manifest, SetId id)
    {
        if (manifest.Version > Manifest.CurrentVersion)
        {
            return $"manifest version {manifest.Version} is newer than this Hourglass reads";
        }

        if (manifest.FindProblem() is { } damage)
        {
            return "damaged manifest.json: " + damage;
        }

        if (manifest.Id != id.ToString())
        {
            return $"its manifest names a different set ({manifest.Id})";
        }

        return null;
    }

    /// <summary>Writes <paramref name="manifest"/> as the JSON every store keeps.</summary>
    public static Task WriteAsync(Stream stream, Manifest manifest, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, manifest, Json.Manifest, cancellationToken);

    /// <summary>A time as manifests and every <c>--json</c> output write it: UTC to the second with a <c>Z</c>, <c>2025-10-25T05:39:45Z</c>.</summary>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A verification result as <c>verify --json</c> prints it: <c>{ "set": …, "verification": … }</c>.</summary>
    public static string Serialize(string setId, SetVerification verification) =>
        JsonSerializer.Serialize(new VerificationJson(setId, verification), Json.VerificationJson);
}

/// <summary>The shape of <c>verify --json</c>.</summary>
internal sealed record VerificationJson(string Set, SetVerification Verification);

/// <summary>Times in manifests are UTC with a <c>Z</c>, to the second: <c>2025-10-25T05:39:45Z</c>.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    // Manifests are untrusted: a time that is not one is a JsonException (a damaged manifest), never a FormatException.
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException($"not a time: {reader.TokenType}");

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
[JsonSerializable(typeof(string))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
