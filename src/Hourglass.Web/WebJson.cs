using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hourglass.Web.Api;
using Hourglass.Web.Health;

namespace Hourglass.Web;

/// <summary>
/// The web host's own small documents (an API error, readiness): one line each, camelCase and with text as it is
/// (not \u-escaped), like the engine's documents (<see cref="Hosting.DocumentJson"/>), which the API writes for
/// everything the CLI also prints.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(ReadinessDocument))]
internal sealed partial class WebJson : JsonSerializerContext
{
    /// <summary>The context to write with.</summary>
    public static WebJson Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
