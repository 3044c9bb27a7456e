using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Hourglass.Web.Api;

/// <summary>Query string values as the API reads them: the last one given wins, and a value that does not parse is a usage error naming it.</summary>
internal static class QueryValues
{
    /// <summary>The last value given for <paramref name="parameter"/>, parsed; null when none was given.</summary>
    public static T? Last<T>(StringValues values, string parameter, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (values.Count == 0)
        {
            return null;
        }

        var text = values[^1] ?? "";
        return parse(text) ?? throw Errors.BadQueryValue(parameter, text, expected);
    }

    /// <summary>A count from 1 to <paramref name="max"/>, <paramref name="fallback"/> when none was given.</summary>
    public static int Limit(StringValues values, int max, int fallback) =>
        Last<int>(values, "limit", text => Number(text) is { } n && n >= 1 && n <= max ? (int)n : null, $"use a whole number from 1 to {max}") ?? fallback;

    /// <summary>A whole number of digits only (no sign, no spaces), or null.</summary>
    public static long? Number(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
