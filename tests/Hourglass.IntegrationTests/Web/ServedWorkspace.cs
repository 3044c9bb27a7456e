using System.Globalization;
using System.Text.Json.Nodes;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// A workspace for the web host's tests: one small database, quiet tiers (no slot fires while a test runs) and
/// <c>web.listen</c> on a free loopback port, then a real <c>hourglass serve</c> on it; and the JSON helpers the
/// tests compare the API and the CLI with.
/// </summary>
internal static class ServedWorkspace
{
    /// <summary>A workspace with a database of 100 rows named after <paramref name="prefix"/>, its config written (with <paramref name="extra"/> keys, like a ledger), and its web listen address.</summary>
    public static async Task<(Workspace Workspace, string Listen)> CreateAsync(PostgresCluster cluster, string prefix, CancellationToken cancellationToken, object? ledger = null)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(100), cancellationToken);
        var workspace = new Workspace(cluster, database);
        var listen = WebNode.Listen();
        workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
            tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 }, daily = new { cron = "0 1 1 1 *", keep = 7 } },
            ledger,
            web = new { listen },
        });
        return (workspace, listen);
    }

    /// <summary>Has the node take a set of <paramref name="tier"/> (enqueue --wait), so its events reach the web host.</summary>
    public static async Task BackupThroughTheNodeAsync(Workspace workspace, string tier, CancellationToken cancellationToken)
    {
        var run = await workspace.RunAsync(cancellationToken, "enqueue", "backup", "--tier", tier, "--wait");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

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

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
