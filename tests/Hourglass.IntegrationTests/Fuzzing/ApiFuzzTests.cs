using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.IntegrationTests.Web;
using Hourglass.Tests.Fuzzing;

namespace Hourglass.IntegrationTests.Fuzzing;

/// <summary>
/// The JSON API's request bodies as a fuzzer writes them, to a real <c>hourglass serve</c>: the right field names
/// with values of every wrong kind, broken JSON and random bytes. No request gets a 5xx, and every refusal is a JSON
/// document whose <c>error</c> is one line.
/// </summary>
public sealed class ApiFuzzTests(PostgresCluster cluster)
{
    private const int Requests = 150;

    private static readonly string[] Paths = ["api/v1/backups", "api/v1/verifications", "api/v1/restores", "api/v1/jobs/1/retry", "api/v1/jobs/99999999/cancel"];

    private static readonly string[] Fields = ["tier", "set", "database", "db", "into", "force", "restore", "target", "databases", "jobs"];

    [Fact]
    public async Task Api_RandomBodies_NeverA5xx_RefusalsAreOneLineJsonErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.GetEnvironmentVariable("HOURGLASS_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20261207;
        var random = new Random(seed);
        var fuzz = new FuzzJson(random);
        using var served = await ServedNode.StartAsync(cluster, "api_fuzz", ct);
        var overview = await served.Http.GetStringAsync("", ct);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(overview, "<meta name=\"hourglass-antiforgery\" content=\"([^\"]+)\">").Groups[1].Value;

        var problems = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var path = Paths[random.Next(Paths.Length)];
            var body = random.Next(6) switch
            {
                0 => fuzz.Text(),
                1 => Encoding.Latin1.GetString([.. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))]),
                2 => fuzz.Nested(random.Next(1, 200)).ToJsonString(),
                _ => fuzz.Object(0, Fields).ToJsonString(),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, random.Next(5) == 0 ? "text/plain" : "application/json") };
            request.Headers.Add("X-Hourglass-Antiforgery", antiforgery);
            using var response = await served.Http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (Problem(response.StatusCode, text) is { } problem)
            {
                problems.Add($"POST {path} {(body.Length > 120 ? body[..120] + "…" : body)}: {problem}");
            }
        }

        Assert.True(problems.Count == 0, $"seed {seed}:\n" + string.Join('\n', problems));
    }

    private static string? Problem(HttpStatusCode status, string body)
    {
        if ((int)status >= 500)
        {
            return $"{(int)status}: {body}";
        }

        if ((int)status < 400)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body)?["error"]?.GetValue<string>() is { } error && !error.Contains('\n', StringComparison.Ordinal)
                ? null
                : $"{(int)status} without a one-line error: {body}";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return $"{(int)status} with a body that is not JSON: {body}";
        }
    }
}
