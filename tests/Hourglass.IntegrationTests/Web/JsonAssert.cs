using System.Text.Json.Nodes;

namespace Hourglass.IntegrationTests.Web;

/// <summary>Reading the web host's JSON, and comparing it with the CLI's <c>--json</c> output.</summary>
internal static class JsonAssert
{
    /// <summary>GETs <paramref name="path"/> and parses it, failing with the status and body unless it is a JSON success.</summary>
    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return JsonNode.Parse(text)!;
    }

    /// <summary><paramref name="json"/> (a command's <c>--json</c> output) parsed, with <paramref name="volatileKeys"/> removed at every depth.</summary>
    public static JsonNode Stable(string json, params string[] volatileKeys) => Stable(JsonNode.Parse(json)!, volatileKeys);

    /// <summary><paramref name="node"/> with <paramref name="volatileKeys"/> removed at every depth (values that change between two reads a second apart).</summary>
    public static JsonNode Stable(JsonNode node, params string[] volatileKeys)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in volatileKeys)
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Stable(child, volatileKeys);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    Stable(child, volatileKeys);
                }

                break;
        }

        return node;
    }

    /// <summary>Asserts two JSON documents are equal, showing both when not.</summary>
    public static void Same(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected.ToJsonString()}\nactual:\n{actual.ToJsonString()}");
}
