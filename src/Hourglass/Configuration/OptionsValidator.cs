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

            if (tier.Keep < 1)
            {
                yield return $"'tiers.{name}.keep' is {tier.Keep}: keep at least 1 set";
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

        var rootProblem = BackupRootProblem(options.BackupRoot);
        if (rootProblem is not null)
        {
            yield return rootProblem;
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
