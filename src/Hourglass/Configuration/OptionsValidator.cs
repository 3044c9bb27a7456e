using Microsoft.Extensions.Options;

namespace Hourglass.Configuration;

/// <summary>
/// The rules a config must meet before anything runs. Each problem is one line naming the key and the fix.
/// Also an <see cref="IValidateOptions{TOptions}"/>, so an embedding host validates on start the same way.
/// </summary>
public sealed class OptionsValidator : IValidateOptions<HourglassOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HourglassOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The first problem, or null when the config is valid.</summary>
    public static string? FirstProblem(HourglassOptions options) => Problems(options).FirstOrDefault();

    private static IEnumerable<string> Problems(HourglassOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var database in options.Databases)
        {
            if (string.IsNullOrWhiteSpace(database))
            {
                yield return "'databases' holds an empty name: remove it";
            }
            else if (!seen.Add(database))
            {
                yield return $"'databases' lists '{database}' twice: list each database once";
            }
        }

        foreach (var (name, tier) in options.EffectiveTiers)
        {
            if (!TierName.IsValid(name))
            {
                yield return $"tier name '{name}' is not a plain folder name: use letters, digits, '-' and '_'";
            }

            if (CronSchedule.Problem(tier.Cron) is { } error)
            {
                yield return $"'tiers.{name}.cron' is not a valid cron expression ('{tier.Cron}': {error}): use 5 fields like \"0 * * * *\", or 6 with seconds first";
            }

            if (KeepProblem($"tiers.{name}.keep", tier.Keep) is { } keepProblem)
            {
                yield return keepProblem;
            }
        }

        if (options.Verify.Enabled)
        {
            if (CronSchedule.Problem(options.Verify.Cron) is { } verifyError)
            {
                yield return $"'verify.cron' is not a valid cron expression ('{options.Verify.Cron}': {verifyError}): use 5 fields like \"0 3 * * *\"";
            }

            if (options.Verify.Tier is { } verifyTier && !options.EffectiveTiers.ContainsKey(verifyTier))
            {
                yield return $"'verify.tier' '{verifyTier}' is not one of the tiers ({string.Join(", ", options.EffectiveTiers.Keys.Order(StringComparer.Ordinal))})";
            }
        }

        if (options.VerifyStaleAfter <= TimeSpan.Zero)
        {
            yield return "'verifyStaleAfter' must be a positive duration like \"2.00:00:00\"";
        }

        var (low, high) = options.Compression == CompressionKind.Gzip ? (1, 9) : (1, 19);
        if (options.Compression != CompressionKind.None && options.CompressionLevel is { } level && (level < low || level > high))
        {
            yield return $"'compressionLevel' {level} is out of range for {options.Compression.ToString().ToLowerInvariant()}: use {low} to {high}";
        }

        if (options.MaxParallelDumps < 1)
        {
            yield return $"'maxParallelDumps' is {options.MaxParallelDumps}: use 1 or more";
        }

        if (options.Workers < 1)
        {
            yield return $"'workers' is {options.Workers}: use 1 or more";
        }

        if (options.Lease < TimeSpan.FromSeconds(3))
        {
            yield return $"'lease' is {options.Lease}: use at least \"00:00:03\" (the default is \"00:01:00\")";
        }

        if (options.Connection.Port is { } port && (port < 1 || port > 65535))
        {
            yield return $"'connection.port' {port} is not a TCP port: use 1 to 65535";
        }

        if (options.Connection.PasswordFile is { } passwordFile && !File.Exists(passwordFile))
        {
            yield return $"'connection.passwordFile' {passwordFile} does not exist: create it or remove the key";
        }

        if (!TryFindTimeZone(options.TimeZone))
        {
            yield return $"'timeZone' '{options.TimeZone}' is not a known time zone: use an IANA name like \"UTC\" or \"Europe/Berlin\"";
        }

        if (options.StaleAfter is { } staleAfter && staleAfter <= TimeSpan.Zero)
        {
            yield return "'staleAfter' must be a positive duration like \"02:00:00\"";
        }

        if (options.Ledger.KeepCompletedDays < 1 || options.Ledger.KeepFailedDays < 1)
        {
            yield return "'ledger.keepCompletedDays' and 'ledger.keepFailedDays' must be 1 or more";
        }

        foreach (var problem in EncryptionProblems(options.Encryption))
        {
            yield return problem;
        }

        foreach (var (name, target) in options.Targets)
        {
            foreach (var problem in TargetProblems(name, target, options))
            {
                yield return problem;
            }
        }

        if (options.Web is { } web && WebProblem(web) is { } webProblem)
        {
            yield return webProblem;
        }

        foreach (var problem in AlertProblems(options.Alerts))
        {
            yield return problem;
        }

        var rootProblem = BackupRootProblem(options.BackupRoot);
        if (rootProblem is not null)
        {
            yield return rootProblem;
        }
    }

    /// <summary>
    /// An unreadable listen address, or one beyond loopback without sign-in: whoever reaches the port could start a
    /// restore, so the host refuses rather than serve the world unauthenticated.
    /// </summary>
    private static string? WebProblem(WebOptions web)
    {
        if (WebListen.TryParse(web.Listen) is not { } endpoint)
        {
            return $"'web.listen' must be an address and port like \"127.0.0.1:8765\" or \"0.0.0.0:8765\", not '{web.Listen}'";
        }

        if (web.Auth is null && !System.Net.IPAddress.IsLoopback(endpoint.Address))
        {
            return $"'web.listen' {web.Listen} is reachable from other machines but 'web.auth' is not set: add web.auth with a passwordFile (README \"Web security\") or listen on 127.0.0.1";
        }

        if (web.Auth is { } auth && (auth.PasswordFile is null || !File.Exists(auth.PasswordFile)))
        {
            return auth.PasswordFile is null
                ? "'web.auth.passwordFile' is required: write one with `hourglass web password --file FILE`"
                : $"'web.auth.passwordFile' {auth.PasswordFile} does not exist: write it with `hourglass web password --file {auth.PasswordFile}`";
        }

        if (web.CertificateFile is { } certificate && !File.Exists(certificate))
        {
            return $"'web.certificateFile' {certificate} does not exist: give a PEM certificate or remove the key";
        }

        return null;
    }

    /// <summary>
    /// Each channel needs exactly one source for its URL (and at most one for each secret), email needs a host, a sender
    /// and recipients, and files named for secrets must exist. Secrets in environment variables are checked when the
    /// daemon starts, where they are read.
    /// </summary>
    private static IEnumerable<string> AlertProblems(AlertOptions alerts)
    {
        if (alerts.Grace <= TimeSpan.Zero)
        {
            yield return "'alerts.grace' must be a positive duration like \"00:15:00\"";
        }

        if (alerts.RemindEvery <= TimeSpan.Zero)
        {
            yield return "'alerts.remindEvery' must be a positive duration like \"06:00:00\"";
        }

        if (alerts.MinFreeBytes < 0)
        {
            yield return "'alerts.minFreeBytes' is negative: use a number of bytes like 1073741824 (1 GiB)";
        }

        if (alerts.Webhook is { } webhook)
        {
            if (OneSource("alerts.webhook", "url", webhook.UrlFile, webhook.UrlEnv, webhook.Url) is { } urlProblem)
            {
                yield return urlProblem;
            }
            else if (webhook.Url is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                yield return $"'alerts.webhook.url' '{url}' is not an http(s) URL: give one like \"https://hooks.example.com/hourglass\"";
            }

            if (webhook.SecretFile is not null && webhook.SecretEnv is not null)
            {
                yield return "'alerts.webhook.secretFile' and 'alerts.webhook.secretEnv' are both set: keep one";
            }
        }

        if (alerts.Slack is { } slack && OneSource("alerts.slack", "url", slack.UrlFile, slack.UrlEnv) is { } slackProblem)
        {
            yield return slackProblem;
        }

        if (alerts.Ping is { } ping && OneSource("alerts.ping", "url", ping.UrlFile, ping.UrlEnv) is { } pingProblem)
        {
            yield return pingProblem;
        }

        if (alerts.Email is { } email)
        {
            foreach (var problem in EmailProblems(email))
            {
                yield return problem;
            }
        }

        (string Key, string? File)[] files =
        [
            ("alerts.webhook.urlFile", alerts.Webhook?.UrlFile),
            ("alerts.webhook.secretFile", alerts.Webhook?.SecretFile),
            ("alerts.slack.urlFile", alerts.Slack?.UrlFile),
            ("alerts.email.passwordFile", alerts.Email?.PasswordFile),
            ("alerts.ping.urlFile", alerts.Ping?.UrlFile),
        ];
        foreach (var (key, file) in files)
        {
            if (file is not null && !File.Exists(file))
            {
                yield return $"'{key}' {file} does not exist: write the secret into it, or remove the key";
            }
        }
    }

    private static IEnumerable<string> EmailProblems(EmailAlertOptions email)
    {
        if (string.IsNullOrWhiteSpace(email.Host))
        {
            yield return "'alerts.email.host' is missing: name the SMTP server";
        }

        if (email.Port < 1 || email.Port > 65535)
        {
            yield return $"'alerts.email.port' {email.Port} is not a TCP port: use 587 (starttls), 465 (tls) or 25";
        }

        if (email.Security.ToLowerInvariant() is not ("starttls" or "tls" or "none"))
        {
            yield return $"'alerts.email.security' is '{email.Security}': use \"starttls\", \"tls\" or \"none\"";
        }

        if (string.IsNullOrWhiteSpace(email.From) || !email.From.Contains('@', StringComparison.Ordinal))
        {
            yield return "'alerts.email.from' is missing or not an address: give the sender, like \"hourglass@example.com\"";
        }

        if (email.To.Count == 0 || email.To.Any(to => string.IsNullOrWhiteSpace(to) || !to.Contains('@', StringComparison.Ordinal)))
        {
            yield return "'alerts.email.to' must list one or more addresses, like [\"ops@example.com\"]";
        }

        if (email.PasswordFile is not null && email.PasswordEnv is not null)
        {
            yield return "'alerts.email.passwordFile' and 'alerts.email.passwordEnv' are both set: keep one";
        }

        if (email.Username is null && (email.PasswordFile ?? email.PasswordEnv) is not null)
        {
            yield return "'alerts.email' has a password but no 'username': add the user to sign in as, or remove the password";
        }

        if (email.Security.Equals("none", StringComparison.OrdinalIgnoreCase) && (email.PasswordFile ?? email.PasswordEnv) is not null && !IsLoopback(email.Host))
        {
            yield return $"'alerts.email.security' is \"none\" with a password for {email.Host}, which is not this machine: the password would cross the network in clear; use \"starttls\" or \"tls\", or a relay on 127.0.0.1";
        }
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1: a connection that never leaves the machine.</summary>
    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host?.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>Exactly one of a channel's sources for its URL: none or two is a problem naming the keys.</summary>
    private static string? OneSource(string section, string what, string? file, string? env, string? inline = null)
    {
        var given = new[] { (inline, what), (file, what + "File"), (env, what + "Env") }.Where(s => s.Item1 is not null).Select(s => $"'{section}.{s.Item2}'").ToList();
        var keys = inline is null && section != "alerts.webhook" ? $"'{section}.{what}File' or '{section}.{what}Env'" : $"'{section}.{what}', '{section}.{what}File' or '{section}.{what}Env'";
        return given.Count switch
        {
            0 => $"'{section}' has no {what}: set {keys}",
            1 => null,
            _ => $"'{section}' has {string.Join(" and ", given)}: keep one",
        };
    }

    /// <summary>A count below 1, a negative calendar keep, or keeps that add up to nothing: a tier must keep something.</summary>
    private static string? KeepProblem(string key, KeepOptions keep) =>
        keep.Daily == 0 && keep.Weekly == 0 && keep.Monthly == 0 && keep.Last < 1
            ? $"'{key}' is {keep.Last}: keep at least 1 set"
            : keep.ToPolicy().Problem() is { } problem
                ? $"'{key}' is not a usable keep ({problem}): use a count like 7 or {{ \"daily\": 7, \"weekly\": 8, \"monthly\": 12 }}"
                : null;

    private static IEnumerable<string> EncryptionProblems(EncryptionOptions encryption)
    {
        foreach (var recipient in encryption.Recipients)
        {
            // The full bech32 check happens where keys are used (the Encryption folder); this catches the usual
            // mistake, a private key or an SSH key pasted where the public age key belongs, before anything runs.
            if (string.IsNullOrWhiteSpace(recipient) || !recipient.StartsWith("age1", StringComparison.Ordinal) || recipient.Any(char.IsWhiteSpace))
            {
                yield return recipient.Contains("SECRET-KEY", StringComparison.OrdinalIgnoreCase)
                    ? "'encryption.recipients' holds a private key: list only public keys (age1…, printed by age-keygen -y KEYFILE) and keep the private key in the identity file"
                    : $"'encryption.recipients' holds '{(recipient.Length > 24 ? recipient[..24] + "…" : recipient)}', which is not an age public key: use the age1… line age-keygen prints";
            }
        }

        if (encryption.Local && encryption.Recipients.Count == 0)
        {
            yield return "'encryption.local' is true but 'encryption.recipients' is empty: add the age public key (age1…) sets are encrypted for";
        }
    }

    private static IEnumerable<string> TargetProblems(string name, TargetOptions target, HourglassOptions options)
    {
        var key = $"targets.{name}";
        if (!TierName.IsValid(name))
        {
            yield return $"target name '{name}' is not a plain name: use letters, digits, '-' and '_'";
        }

        if (!string.Equals(target.Type, "s3", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"'{key}.type' is '{target.Type}': the only type is \"s3\"";
        }

        if (string.IsNullOrWhiteSpace(target.Bucket))
        {
            yield return $"'{key}.bucket' is missing: name the bucket copies go to";
        }

        if (target.Endpoint is { } endpoint && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"'{key}.endpoint' '{endpoint}' is not a URL: use one like \"https://s3.example.com\", or remove it for AWS";
        }

        if (string.IsNullOrWhiteSpace(target.Region))
        {
            yield return $"'{key}.region' is empty: name the bucket's region (\"us-east-1\" for most S3-compatible servers)";
        }

        if (target.Prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(part => part is "." or ".."))
        {
            yield return $"'{key}.prefix' '{target.Prefix}' holds '.' or '..': use a plain path like \"hourglass/prod\"";
        }

        if (target.Tiers.Count == 0)
        {
            yield return $"'{key}.tiers' is empty: name the tiers this target takes, like \"tiers\": {{ \"daily\": {{ \"keep\": 30 }} }}";
        }

        foreach (var (tier, tierOptions) in target.Tiers)
        {
            if (!options.EffectiveTiers.ContainsKey(tier))
            {
                yield return $"'{key}.tiers.{tier}' is not one of the tiers ({string.Join(", ", options.EffectiveTiers.Keys.Order(StringComparer.Ordinal))})";
            }
            else if (KeepProblem($"{key}.tiers.{tier}.keep", tierOptions.Keep) is { } keepProblem)
            {
                yield return keepProblem;
            }
        }

        if (target.Encrypt && options.Encryption.Recipients.Count == 0)
        {
            yield return $"'{key}.encrypt' is true but 'encryption.recipients' is empty: add the age public key (age1…) copies are encrypted for";
        }

        if (target.StaleAfter is { } staleAfter && staleAfter <= TimeSpan.Zero)
        {
            yield return $"'{key}.staleAfter' must be a positive duration like \"2.00:00:00\"";
        }
    }

    private static bool TryFindTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>
    /// The root must be a folder we can write into, or a path we could create. Probing with a real file is the only
    /// check that also catches read-only mounts and ACLs; nothing is created when the root does not exist yet.
    /// </summary>
    private static string? BackupRootProblem(string root)
    {
        if (File.Exists(root))
        {
            return $"'backupRoot' {root} is a file: point it at a folder";
        }

        var existing = root;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"'backupRoot' {root} is not writable ({existing} is a file): point it at a folder";
            }

            existing = Path.GetDirectoryName(existing);
            if (existing is null)
            {
                return $"'backupRoot' {root} cannot be created: point it at a writable folder";
            }
        }

        var probe = Path.Combine(existing, $".hourglass-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            return $"'backupRoot' {root} is not writable ({existing}: {reason}): fix its permissions or point backupRoot elsewhere";
        }
    }
}
