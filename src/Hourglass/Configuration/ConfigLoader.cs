using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Hourglass.Configuration;

/// <summary>
/// Reads <c>hourglass.json</c> (or <c>--config FILE</c>) and <c>HOURGLASS__…</c> environment variables into validated
/// <see cref="HourglassOptions"/>, with every path made absolute. Nothing runs on a config that fails here.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Environment variables with this prefix override config keys: <c>HOURGLASS__connection__host</c>.</summary>
    public const string EnvironmentPrefix = "HOURGLASS__";

    /// <summary>Loads and validates the config. <paramref name="configPath"/> null means <c>hourglass.json</c> in the working folder, if there is one.</summary>
    public static HourglassOptions Load(string? configPath, string workingDirectory)
    {
        var explicitFile = configPath is not null;
        var path = Path.GetFullPath(configPath ?? HourglassOptions.DefaultFileName, workingDirectory);
        if (explicitFile && !File.Exists(path))
        {
            throw Errors.ConfigFileMissing(path);
        }

        var builder = new ConfigurationBuilder();
        if (File.Exists(path))
        {
            EnsureParses(path);
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e)
        {
            // Anything else the configuration reader refuses, past the checks above: still the file's fault, in one line.
            throw Errors.ConfigFileUnreadable(path, (e.InnerException ?? e).Message.TrimEnd('.'));
        }

        var baseDirectory = File.Exists(path) ? Path.GetDirectoryName(path)! : workingDirectory;
        return Bind(configuration, baseDirectory);
    }

    /// <summary>Checks, binds and validates an already-built configuration (the embedding path uses this too).</summary>
    public static HourglassOptions Bind(IConfiguration configuration, string baseDirectory)
    {
        ConfigKeys.Check(configuration);
        var options = configuration.Get<HourglassOptions>() ?? new HourglassOptions();
        BindCountKeeps(configuration, options);
        BindEmptyAlertChannels(configuration, options.Alerts);
        Resolve(options, baseDirectory);
        var problem = OptionsValidator.FirstProblem(options);
        if (problem is not null)
        {
            throw Errors.Config(SourceOfProblem(configuration, problem), problem);
        }

        return options;
    }

    /// <summary>
    /// <c>"keep": 7</c> is a count, <c>"keep": { "daily": 7 }</c> calendar keeps; both bind to <see cref="KeepOptions"/>.
    /// The compile-time binder binds only the object form, so the count form is read here.
    /// </summary>
    private static void BindCountKeeps(IConfiguration configuration, HourglassOptions options)
    {
        foreach (var (name, tier) in options.Tiers ?? new Dictionary<string, TierOptions>())
        {
            tier.Keep = CountKeep(configuration.GetSection($"tiers:{name}:keep")) ?? tier.Keep;
        }

        foreach (var (targetName, target) in options.Targets)
        {
            foreach (var (name, tier) in target.Tiers)
            {
                tier.Keep = CountKeep(configuration.GetSection($"targets:{targetName}:tiers:{name}:keep")) ?? tier.Keep;
            }
        }
    }

    /// <summary>
    /// <c>"slack": {}</c> names a channel with nothing set, which the binder leaves null as if it were absent: it is
    /// bound as an empty channel here, so validation says what it lacks instead of silently sending nothing.
    /// </summary>
    private static void BindEmptyAlertChannels(IConfiguration configuration, AlertOptions alerts)
    {
        var named = configuration.GetSection("alerts").GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        alerts.Webhook ??= named.Contains("webhook") ? new WebhookAlertOptions() : null;
        alerts.Slack ??= named.Contains("slack") ? new SlackAlertOptions() : null;
        alerts.Email ??= named.Contains("email") ? new EmailAlertOptions() : null;
        alerts.Ping ??= named.Contains("ping") ? new PingOptions() : null;
    }

    // ConfigKeys.Check has already refused a keep that is neither a whole number nor a section.
    private static KeepOptions? CountKeep(IConfigurationSection keep) =>
        int.TryParse(keep.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null;

    /// <summary>Relative paths in the config are relative to the config file's folder, so a unit file's working folder does not matter.</summary>
    internal static void Resolve(HourglassOptions options, string baseDirectory)
    {
        options.BackupRoot = Path.GetFullPath(options.BackupRoot, baseDirectory);
        if (options.Connection.PasswordFile is { } passwordFile)
        {
            options.Connection.PasswordFile = Path.GetFullPath(passwordFile, baseDirectory);
        }

        options.Encryption.IdentityFile = Full(options.Encryption.IdentityFile, baseDirectory);
        if (options.Web is { } web)
        {
            web.CertificateFile = Full(web.CertificateFile, baseDirectory);
            web.CertificateKeyFile = Full(web.CertificateKeyFile, baseDirectory);
            web.Auth?.PasswordFile = Full(web.Auth.PasswordFile, baseDirectory);
        }

        var alerts = options.Alerts;
        alerts.Webhook?.UrlFile = Full(alerts.Webhook.UrlFile, baseDirectory);
        alerts.Webhook?.SecretFile = Full(alerts.Webhook.SecretFile, baseDirectory);
        alerts.Slack?.UrlFile = Full(alerts.Slack.UrlFile, baseDirectory);
        alerts.Email?.PasswordFile = Full(alerts.Email.PasswordFile, baseDirectory);
        alerts.Ping?.UrlFile = Full(alerts.Ping.UrlFile, baseDirectory);
    }

    private static string? Full(string? path, string baseDirectory) => path is null ? null : Path.GetFullPath(path, baseDirectory);

    private static void EnsureParses(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            // Valid JSON that the configuration reader refuses, found by fuzzing: a top level other than an object
            // (`0`, `[]`), and two keys that differ only in case (config keys are case-insensitive).
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Errors.ConfigFileUnreadable(path, $"its top level is {Article(document.RootElement.ValueKind)}, not an object {{ … }}");
            }

            if (DuplicateKey(document.RootElement, "") is { } duplicate)
            {
                throw Errors.ConfigFileUnreadable(path, $"'{duplicate}' is given twice (keys are not case-sensitive)");
            }
        }
        catch (JsonException e)
        {
            throw Errors.ConfigFileUnreadable(path, $"line {e.LineNumber + 1}: {e.Message.Split(" LineNumber")[0].TrimEnd('.', ' ')}");
        }
        catch (IOException e)
        {
            throw Errors.ConfigFileUnreadable(path, e.Message);
        }
        catch (UnauthorizedAccessException)
        {
            throw Errors.ConfigFileUnreadable(path, "permission denied");
        }
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The first key, as a config path, that its object holds twice when case is ignored; null when none.</summary>
    private static string? DuplicateKey(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select((item, i) => DuplicateKey(item, $"{path}{i}:")).FirstOrDefault(d => d is not null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return path + property.Name;
            }

            if (DuplicateKey(property.Value, $"{path}{property.Name}:") is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>
    /// Problems name their key first (<c>'compressionLevel' 99 is out of range…</c>): the error names the file or the
    /// environment variable that set that key, so an override is not blamed on the file.
    /// </summary>
    private static string SourceOfProblem(IConfiguration configuration, string problem) =>
        System.Text.RegularExpressions.Regex.Match(problem, "^'([A-Za-z0-9._-]+)'") is { Success: true } match
            && ConfigKeys.SourceOf(configuration, match.Groups[1].Value.Replace('.', ':')) is { } source
                ? source
                : SourceName(configuration);

    private static string SourceName(IConfiguration configuration) => configuration switch
    {
        IConfigurationSection section => $"configuration section '{section.Path}'",
        IConfigurationRoot root when root.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>().FirstOrDefault() is { } json =>
            ConfigKeys.FilePath(json),
        _ => "config",
    };
}
