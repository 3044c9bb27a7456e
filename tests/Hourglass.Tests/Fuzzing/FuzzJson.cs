using System.Text;
using System.Text.Json.Nodes;

namespace Hourglass.Tests.Fuzzing;

/// <summary>
/// Random JSON that looks like what Hourglass reads: the right key names (so the fuzz gets past "unknown key") with
/// values of every wrong kind: text of odd Unicode, numbers huge, negative and fractional, booleans, nulls, arrays
/// and deeply nested objects. Built from one seed, so a failing case is its seed.
/// </summary>
internal sealed class FuzzJson(Random random)
{
    private static readonly string[] OddTexts =
    [
        "", " ", "\0", "\u202e\u0041", "💾", "ＦＵＬＬＷＩＤＴＨ", "e\u0301", "\ud800", "../../etc/passwd", "/etc/passwd", "..", ".", "a/b",
        "C:\\windows", "%2e%2e", "NaN", "Infinity", "-1", "1e400", "00:00:00", "-00:01:00", "99999999.23:59:59", "* * * * *",
        "0 * * * * * *", "@hourly", "zstd", "gzip", "none", "latest", "UTC", "Not/AZone", "true", "null", new string('x', 5000),
    ];

    private static readonly double[] OddNumbers = [0, -1, 1, 2, 7, 64, 65, int.MaxValue, int.MinValue, long.MaxValue, -1e308, 1e308, 0.5, -0.0, 3.14159, 1e-320];

    public JsonNode? Value(int depth = 0) => random.Next(depth > 3 ? 5 : 8) switch
    {
        0 => JsonValue.Create(Text()),
        1 => JsonValue.Create(OddNumbers[random.Next(OddNumbers.Length)]),
        2 => JsonValue.Create(random.Next(-5, 100)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => null,
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth + 1))]),
        6 => Nested(random.Next(1, 80)),
        _ => Object(depth + 1, ["a", "b", Text()]),
    };

    public string Text() => random.Next(3) == 0 ? RandomUnicode() : OddTexts[random.Next(OddTexts.Length)];

    /// <summary>An object with some of <paramref name="keys"/>, each holding a random value.</summary>
    public JsonObject Object(int depth, IReadOnlyList<string> keys)
    {
        var node = new JsonObject();
        foreach (var key in keys.Where(_ => random.Next(3) != 0).Distinct(StringComparer.Ordinal))
        {
            node[key] = Value(depth);
        }

        return node;
    }

    /// <summary>The same value nested <paramref name="levels"/> objects or arrays deep.</summary>
    public JsonNode Nested(int levels)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < levels; i++)
        {
            node = random.Next(2) == 0 ? new JsonObject { ["n"] = node } : new JsonArray(node);
        }

        return node;
    }

    public int Pick(int count) => random.Next(count);

    private string RandomUnicode()
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            var code = random.Next(4) switch { 0 => random.Next(0x20, 0x7f), 1 => random.Next(0, 0x20), 2 => random.Next(0x80, 0xd800), _ => random.Next(0xe000, 0x10ffff) };
            text.Append(char.ConvertFromUtf32(code));
        }

        return text.ToString();
    }
}
