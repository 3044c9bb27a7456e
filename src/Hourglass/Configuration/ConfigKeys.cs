using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Hourglass.Configuration;

/// <summary>
/// The keys Hourglass knows and the kind of value each takes. A typo in a backup tool's config must not be
/// silently ignored (a misspelt <c>keep</c> would keep the default), so every key is checked against this list
/// before binding, and a value of the wrong kind is named with the key that holds it.
/// </summary>
internal static class ConfigKeys
{
    private enum Kind { Section, List, Text, Integer, Long, Boolean, Duration, Compression, CatchUp }

    // '*' stands for any one segment: an array index or a tier's name.
    private static readonly (string Pattern, Kind Kind)[] Known =
    [
        ("backupRoot", Kind.Text),
        ("connection", Kind.Section),
        ("connection:host", Kind.Text),
        ("connection:port", Kind.Integer),
        ("connection:username", Kind.Text),
        ("connection:passwordFile", Kind.Text),
        ("databases", Kind.List),
        ("databases:*", Kind.Text),
        ("compression", Kind.Compression),
        ("compressionLevel", Kind.Integer),
        ("maxParallelDumps", Kind.Integer),
        ("workers", Kind.Integer),
        ("lease", Kind.Duration),
        ("timeZone", Kind.Text),
        ("catchUp", Kind.CatchUp),
        ("tiers", Kind.Section),
        ("tiers:*", Kind.Section),
        ("tiers:*:cron", Kind.Text),
        ("tiers:*:keep", Kind.Integer),
        ("tiers:*:keep:last", Kind.Integer),
        ("tiers:*:keep:daily", Kind.Integer),
        ("tiers:*:keep:weekly", Kind.Integer),
        ("tiers:*:keep:monthly", Kind.Integer),
        ("ledger", Kind.Section),
        ("ledger:connectionString", Kind.Text),
        ("ledger:keepCompletedDays", Kind.Integer),
        ("ledger:keepFailedDays", Kind.Integer),
        ("staleAfter", Kind.Duration),
        ("verify", Kind.Section),
        ("verify:enabled", Kind.Boolean),
        ("verify:cron", Kind.Text),
        ("verify:tier", Kind.Text),
        ("verify:restore", Kind.Boolean),
        ("verifyStaleAfter", Kind.Duration),
        ("requireVerified", Kind.Boolean),
        ("encryption", Kind.Section),
        ("encryption:recipients", Kind.List),
        ("encryption:recipients:*", Kind.Text),
        ("encryption:identityFile", Kind.Text),
        ("encryption:local", Kind.Boolean),
        ("targets", Kind.Section),
        ("targets:*", Kind.Section),
        ("targets:*:type", Kind.Text),
        ("targets:*:bucket", Kind.Text),
        ("targets:*:prefix", Kind.Text),
        ("targets:*:endpoint", Kind.Text),
        ("targets:*:region", Kind.Text),
        ("targets:*:forcePathStyle", Kind.Boolean),
        ("targets:*:encrypt", Kind.Boolean),
        ("targets:*:staleAfter", Kind.Duration),
        ("targets:*:tiers", Kind.Section),
        ("targets:*:tiers:*", Kind.Section),
        ("targets:*:tiers:*:keep", Kind.Integer),
        ("targets:*:tiers:*:keep:last", Kind.Integer),
        ("targets:*:tiers:*:keep:daily", Kind.Integer),
        ("targets:*:tiers:*:keep:weekly", Kind.Integer),
        ("targets:*:tiers:*:keep:monthly", Kind.Integer),
        ("web", Kind.Section),
        ("web:listen", Kind.Text),
        ("web:certificateFile", Kind.Text),
        ("web:certificateKeyFile", Kind.Text),
        ("web:auth", Kind.Section),
        ("web:auth:user", Kind.Text),
        ("web:auth:passwordFile", Kind.Text),
        ("web:auth:sessionLifetime", Kind.Duration),
        ("alerts", Kind.Section),
        ("alerts:grace", Kind.Duration),
        ("alerts:remindEvery", Kind.Duration),
        ("alerts:minFreeBytes", Kind.Long),
        ("alerts:webhook", Kind.Section),
        ("alerts:webhook:url", Kind.Text),
        ("alerts:webhook:urlFile", Kind.Text),
        ("alerts:webhook:urlEnv", Kind.Text),
        ("alerts:webhook:secretFile", Kind.Text),
        ("alerts:webhook:secretEnv", Kind.Text),
        ("alerts:slack", Kind.Section),
        ("alerts:slack:urlFile", Kind.Text),
        ("alerts:slack:urlEnv", Kind.Text),
        ("alerts:email", Kind.Section),
        ("alerts:email:host", Kind.Text),
        ("alerts:email:port", Kind.Integer),
        ("alerts:email:security", Kind.Text),
        ("alerts:email:from", Kind.Text),
        ("alerts:email:to", Kind.List),
        ("alerts:email:to:*", Kind.Text),
        ("alerts:email:username", Kind.Text),
        ("alerts:email:passwordFile", Kind.Text),
        ("alerts:email:passwordEnv", Kind.Text),
        ("alerts:ping", Kind.Section),
        ("alerts:ping:urlFile", Kind.Text),
        ("alerts:ping:urlEnv", Kind.Text),
    ];

    /// <summary>Throws a usage error naming the first unknown key, or known key with a value of the wrong kind.</summary>
    public static void Check(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable(makePathsRelative: true).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var kind = KindOf(key);
            if (kind is null)
            {
                throw Errors.Config(SourceOf(configuration, key) ?? "config", $"unknown key '{Display(key)}'{Suggestion(key)}; see hourglass.example.json for every key");
            }

            // A section or list holds no value of its own; an empty one ([] or {} or null in JSON) reads as null or "".
            if (value is null || (kind is Kind.Section or Kind.List && value.Length == 0))
            {
                continue;
            }

            // A private key pasted into the encryption section must not be printed back to a terminal or a journal.
            var problem = ProblemWith(kind.Value, value);
            if (problem is not null && IsSecretLike(key, value))
            {
                problem = problem.Replace(value, "…", StringComparison.Ordinal);
            }
            if (problem is not null)
            {
                throw Errors.Config(SourceOf(configuration, key) ?? "config", $"'{Display(key)}' {problem}");
            }
        }
    }

    private static Kind? KindOf(string key)
    {
        var segments = key.Split(':');
        foreach (var (pattern, kind) in Known)
        {
            var parts = pattern.Split(':');
            if (parts.Length == segments.Length
                && parts.Zip(segments).All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)))
            {
                return kind;
            }
        }

        return null;
    }

    private static string? ProblemWith(Kind kind, string value) => kind switch
    {
        Kind.Section => $"must be a section ({{ … }}), not '{value}'",
        Kind.List => $"must be a list, like [\"{value}\"], not '{value}'",
        Kind.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"must be a whole number, not '{value}'",
        Kind.Long when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"must be a whole number, not '{value}'",
        Kind.Boolean when !bool.TryParse(value, out _) =>
            $"must be true or false, not '{value}'",
        Kind.Duration when !TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _) =>
            $"must be a duration like \"02:00:00\" (2 hours) or \"1.00:00:00\" (1 day), not '{value}'",
        Kind.Compression when !Enum.TryParse<CompressionKind>(value, ignoreCase: true, out _) || int.TryParse(value, out _) =>
            $"must be one of zstd, gzip, none, not '{value}'",
        Kind.CatchUp when !Enum.TryParse<CatchUpPolicy>(value, ignoreCase: true, out _) || int.TryParse(value, out _) =>
            $"must be one of latest, none, not '{value}'",
        _ => null,
    };

    private static bool IsSecretLike(string key, string value) =>
        key.StartsWith("encryption", StringComparison.OrdinalIgnoreCase) || value.Contains("SECRET-KEY", StringComparison.OrdinalIgnoreCase);

    private static string Suggestion(string key)
    {
        var segments = key.Split(':');
        foreach (var (pattern, _) in Known)
        {
            var parts = pattern.Split(':');
            if (parts.Length != segments.Length || parts[^1] == "*")
            {
                continue;
            }

            var parentsMatch = parts[..^1].Zip(segments[..^1])
                .All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
            if (parentsMatch && Distance(parts[^1].ToUpperInvariant(), segments[^1].ToUpperInvariant()) <= 2)
            {
                return $" (did you mean '{Display(string.Join(':', segments[..^1].Append(parts[^1])))}'?)";
            }
        }

        return "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    private static string Display(string key) => key.Replace(':', '.');

    /// <summary>Names where a key came from: the file, or the environment variable a person would have to look at; null when no source has it.</summary>
    internal static string? SourceOf(IConfiguration configuration, string key)
    {
        if (configuration is IConfigurationSection section)
        {
            return $"configuration section '{section.Path}'";
        }

        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any())
            {
                return provider is Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json
                    ? FilePath(json)
                    : "environment variable " + ConfigLoader.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>The full path of a JSON config file, for messages.</summary>
    internal static string FilePath(Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json) =>
        json.Source.FileProvider is Microsoft.Extensions.FileProviders.PhysicalFileProvider physical && json.Source.Path is { } path
            ? Path.Combine(physical.Root, path)
            : json.Source.Path ?? HourglassOptions.DefaultFileName;
}
