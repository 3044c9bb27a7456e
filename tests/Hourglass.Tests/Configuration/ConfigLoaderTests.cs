using Hourglass.Configuration;

namespace Hourglass.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HourglassOptions Load(string json)
    {
        File.WriteAllText(Path.Combine(_folder, "hourglass.json"), json);
        return ConfigLoader.Load(null, _folder);
    }

    private string Problem(string json) => Assert.Throws<HourglassException>(() => Load(json)).Message;

    [Fact]
    public void Load_NoFile_DefaultsWithTwoTiersInUtc()
    {
        var options = ConfigLoader.Load(null, _folder);

        Assert.Equal(Path.Combine(_folder, ".db-backup"), options.BackupRoot);
        Assert.Equal(CompressionKind.Zstd, options.Compression);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.MaxParallelDumps);
        Assert.Equal("UTC", options.TimeZone);
        Assert.Equal(["daily", "hourly"], options.EffectiveTiers.Keys.Order());
        Assert.Equal(("0 * * * *", 6), (options.EffectiveTiers["hourly"].Cron, options.EffectiveTiers["hourly"].Keep.Last));
        Assert.Equal(("0 1 * * *", 7), (options.EffectiveTiers["daily"].Cron, options.EffectiveTiers["daily"].Keep.Last));
        Assert.Equal((true, "0 3 * * *", true), (options.Verify.Enabled, options.Verify.Cron, options.Verify.Restore));
        Assert.Equal((TimeSpan.FromDays(2), false), (options.VerifyStaleAfter, options.RequireVerified));
        Assert.Equal((2, TimeSpan.FromMinutes(1)), (options.Workers, options.Lease));
    }

    [Fact]
    public void Load_TiersGiven_ReplaceTheDefaultsAsAWhole()
    {
        var options = Load("""{ "databases": ["a"], "tiers": { "weekly": { "cron": "0 2 * * 0", "keep": 4 } } }""");

        Assert.Equal(["weekly"], options.EffectiveTiers.Keys);
    }

    [Fact]
    public void Load_RelativePaths_ResolvedAgainstTheConfigFilesFolder()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_folder, "etc")).FullName;
        File.WriteAllText(Path.Combine(sub, "secret"), "pw\n");
        File.WriteAllText(Path.Combine(sub, "custom.json"), """{ "backupRoot": "backups", "connection": { "passwordFile": "secret" } }""");

        var options = ConfigLoader.Load("etc/custom.json", _folder);

        Assert.Equal(Path.Combine(sub, "backups"), options.BackupRoot);
        Assert.Equal(Path.Combine(sub, "secret"), options.Connection.PasswordFile);
    }

    [Fact]
    public void Load_KeysAreCaseInsensitiveAndCamelCaseWorks()
    {
        var options = Load("""{ "databases": ["a", "B"], "compression": "gzip", "compressionLevel": 9, "maxParallelDumps": 2, "connection": { "host": "db", "port": 6543 } }""");

        Assert.Equal(CompressionKind.Gzip, options.Compression);
        Assert.Equal(9, options.CompressionLevel);
        Assert.Equal(2, options.MaxParallelDumps);
        Assert.Equal(["a", "B"], options.Databases);
        Assert.Equal(("db", 6543), (options.Connection.Host, options.Connection.Port));
    }

    [Theory]
    [InlineData("""{ "databse": ["a"] }""", "unknown key 'databse' (did you mean 'databases'?)")]
    [InlineData("""{ "connection": { "hots": "x" } }""", "unknown key 'connection.hots' (did you mean 'connection.host'?)")]
    [InlineData("""{ "tiers": { "hourly": { "cron": "0 * * * *", "kep": 6 } } }""", "unknown key 'tiers.hourly.kep' (did you mean 'tiers.hourly.keep'?)")]
    [InlineData("""{ "password": "hunter2" }""", "unknown key 'password'")]
    [InlineData("""{ "tiers": { "hourly": { "cron": "every hour", "keep": 6 } } }""", "'tiers.hourly.cron' is not a valid cron expression")]
    [InlineData("""{ "tiers": { "hourly": { "cron": "0 * * * *", "keep": 0 } } }""", "'tiers.hourly.keep' is 0: keep at least 1 set")]
    [InlineData("""{ "tiers": { "bad/name": { "cron": "0 * * * *", "keep": 1 } } }""", "tier name 'bad/name' is not a plain folder name")]
    [InlineData("""{ "databases": ["a", "a"] }""", "'databases' lists 'a' twice")]
    [InlineData("""{ "databases": "a" }""", "'databases' must be a list, like [\"a\"], not 'a'")]
    [InlineData("""{ "tiers": { "hourly": 6 } }""", "'tiers.hourly' must be a section ({ … }), not '6'")]
    [InlineData("""{ "compression": "brotli" }""", "'compression' must be one of zstd, gzip, none, not 'brotli'")]
    [InlineData("""{ "compression": "gzip", "compressionLevel": 12 }""", "'compressionLevel' 12 is out of range for gzip: use 1 to 9")]
    [InlineData("""{ "maxParallelDumps": 0 }""", "'maxParallelDumps' is 0: use 1 or more")]
    [InlineData("""{ "timeZone": "Mars/Olympus" }""", "'timeZone' 'Mars/Olympus' is not a known time zone")]
    [InlineData("""{ "staleAfter": "soon" }""", "'staleAfter' must be a duration")]
    [InlineData("""{ "connection": { "port": 70000 } }""", "'connection.port' 70000 is not a TCP port")]
    [InlineData("""{ "connection": { "passwordFile": "no-such-file" } }""", "'connection.passwordFile'")]
    [InlineData("""{ "catchUp": "all" }""", "'catchUp' must be one of latest, none")]
    [InlineData("""{ "backupRoot": "/proc/hourglass" }""", "'backupRoot' /proc/hourglass is not writable")]
    [InlineData("""{ "verify": { "tier": "weekly" } }""", "'verify.tier' 'weekly' is not one of the tiers (daily, hourly)")]
    [InlineData("""{ "verify": { "cron": "sometimes" } }""", "'verify.cron' is not a valid cron expression")]
    [InlineData("""{ "verify": { "restore": "yes" } }""", "'verify.restore' must be true or false, not 'yes'")]
    [InlineData("""{ "requireVerified": 1 }""", "'requireVerified' must be true or false, not '1'")]
    [InlineData("""{ "verifyStaleAfter": "00:00:00" }""", "'verifyStaleAfter' must be a positive duration")]
    [InlineData("""{ "workers": 0 }""", "'workers' is 0: use 1 or more")]
    [InlineData("""{ "lease": "00:00:01" }""", "'lease' is 00:00:01: use at least")]
    [InlineData("""{ "tiers": { "daily": { "cron": "0 1 * * *", "keep": { "daily": -1, "weekly": 2 } } } }""", "'tiers.daily.keep' is not a usable keep (a keep is negative)")]
    [InlineData("""{ "tiers": { "daily": { "cron": "0 1 * * *", "keep": { "dayly": 7 } } } }""", "unknown key 'tiers.daily.keep.dayly' (did you mean 'tiers.daily.keep.daily'?)")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "tiers": { "weekly": { "keep": 3 } } } } }""", "'targets.offsite.tiers.weekly' is not one of the tiers (daily, hourly)")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "tiers": { "daily": { "keep": 0 } } } } }""", "'targets.offsite.tiers.daily.keep' is 0: keep at least 1 set")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "tiers": { "daily": { "keep": 3 } }, "acl": "x" } } }""", "unknown key 'targets.offsite.acl'")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "tiers": { "daily": { "keep": 3 } }, "secretAccessKey": "x" } } }""", "unknown key 'targets.offsite.secretAccessKey'")]
    [InlineData("""{ "targets": { "offsite": { "tiers": { "daily": { "keep": 3 } } } } }""", "'targets.offsite.bucket' is missing")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "type": "ftp", "tiers": { "daily": { "keep": 3 } } } } }""", "'targets.offsite.type' is 'ftp'")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b" } } }""", "'targets.offsite.tiers' is empty")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "endpoint": "localhost:9000", "tiers": { "daily": { "keep": 3 } } } } }""", "'targets.offsite.endpoint' 'localhost:9000' is not a URL")]
    [InlineData("""{ "targets": { "offsite": { "bucket": "b", "encrypt": true, "tiers": { "daily": { "keep": 3 } } } } }""", "'targets.offsite.encrypt' is true but 'encryption.recipients' is empty")]
    [InlineData("""{ "targets": { "off/site": { "bucket": "b", "tiers": { "daily": { "keep": 3 } } } } }""", "target name 'off/site' is not a plain name")]
    [InlineData("""{ "encryption": { "recipients": ["AGE-SECRET-KEY-1QQQ"] } }""", "'encryption.recipients' holds a private key")]
    [InlineData("""{ "encryption": { "recipients": ["ssh-ed25519 AAAA"] } }""", "'encryption.recipients' holds 'ssh-ed25519 AAAA', which is not an age public key")]
    [InlineData("""{ "encryption": { "local": true } }""", "'encryption.local' is true but 'encryption.recipients' is empty")]
    [InlineData("""{ "encryption": { "recipients": "AGE-SECRET-KEY-1SECRETSECRET" } }""", "'encryption.recipients' must be a list, like [\"…\"], not '…'")]
    [InlineData("""{ "encryption": { "recipients": [" AGE-SECRET-KEY-1SECRETSECRET "] } }""", "'encryption.recipients' holds a private key")]
    [InlineData("""{ "web": { "listen": "0.0.0.0:8765" } }""", "'web.listen' 0.0.0.0:8765 is reachable from other machines but 'web.auth' is not set")]
    [InlineData("""{ "web": { "listen": "[::]:8765" } }""", "'web.listen' [::]:8765 is reachable from other machines but 'web.auth' is not set")]
    [InlineData("""{ "web": { "listen": "8765" } }""", "'web.listen' must be an address and port like \"127.0.0.1:8765\"")]
    [InlineData("""{ "web": { "listen": "example.com:80" } }""", "'web.listen' must be an address and port")]
    [InlineData("""{ "web": { "listen": "0.0.0.0:8765", "auth": { "user": "ops" } } }""", "'web.auth.passwordFile' is required: write one with `hourglass web password --file FILE`")]
    [InlineData("""{ "web": { "auth": { "passwordFile": "no-such-file" } } }""", "'web.auth.passwordFile' ")]
    [InlineData("""{ "web": { "auth": { "password": "hunter2" } } }""", "unknown key 'web.auth.password'")]
    [InlineData("""{ "web": { "certificateFile": "no-such.pem" } }""", "'web.certificateFile' ")]
    [InlineData("""{ "alerts": { "minFreeBytes": "lots" } }""", "'alerts.minFreeBytes' must be a whole number, not 'lots'")]
    public void Load_InvalidConfig_OneLineNamingTheKeyAndTheFix(string json, string expected)
    {
        var message = Problem(json);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSECRET", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith(Path.Combine(_folder, "hourglass.json"), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8765")]
    [InlineData("[::1]:8765")]
    [InlineData("localhost:8765")]
    public void Load_WebOnLoopbackWithoutAuth_IsAllowed(string listen)
    {
        var options = Load($$"""{ "web": { "listen": "{{listen}}" } }""");

        Assert.Equal(listen, options.Web!.Listen);
        Assert.True(System.Net.IPAddress.IsLoopback(WebListen.TryParse(listen)!.Address));
    }

    [Fact]
    public void Load_NoWebKey_LeavesTheWebHostOff() => Assert.Null(Load("{}").Web);

    [Fact]
    public void Load_KeepAsCalendarKeeps_BindsEveryRule()
    {
        var options = Load("""{ "tiers": { "daily": { "cron": "0 1 * * *", "keep": { "last": 2, "daily": 7, "weekly": 8, "monthly": 12 } } } }""");

        Assert.Equal(new RetentionPolicy(2, 7, 8, 12), options.EffectiveTiers["daily"].Keep.ToPolicy());
    }

    [Fact]
    public void Load_Target_BindsWithItsOwnRetentionAndResolvedIdentityFile()
    {
        var options = Load("""
            { "databases": ["a"],
              "encryption": { "recipients": ["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"], "identityFile": "keys/age.key" },
              "targets": { "offsite": { "bucket": "backups", "prefix": "prod", "endpoint": "http://127.0.0.1:9000", "forcePathStyle": true, "encrypt": true,
                                        "tiers": { "daily": { "keep": { "daily": 7, "weekly": 8, "monthly": 12 } }, "hourly": { "keep": 3 } } } } }
            """);

        var tiers = TierList.From(options);
        var target = Assert.Single(TargetList.From(options, tiers, DateTimeOffset.UnixEpoch));
        Assert.Equal(("offsite", "backups", "prod", true), (target.Name, target.Options.Bucket, target.Options.Prefix, target.Encrypt));
        Assert.Equal(new RetentionPolicy(0, 7, 8, 12), target.Tiers.Get("daily").Retention);
        Assert.Equal(new RetentionPolicy(3), target.Tiers.Get("hourly").Retention);
        Assert.Equal(TimeSpan.FromHours(2), target.StaleAfter);
        Assert.Equal(Path.Combine(_folder, "keys", "age.key"), options.Encryption.IdentityFile);
    }

    [Fact]
    public void TargetList_UnknownTarget_UsageErrorNamingTheTargets()
    {
        var options = Load("""{ "targets": { "offsite": { "bucket": "b", "tiers": { "daily": { "keep": 3 } } } } }""");

        var error = Assert.Throws<HourglassException>(() => TargetList.From(options, TierList.From(options), DateTimeOffset.UnixEpoch).Get("nas"));

        Assert.Equal((ExitCode.Usage, "there is no target 'nas': use one of offsite (the config's targets)"), (error.ExitCode, error.Message));
    }

    [Fact]
    public void Load_InvalidConfig_ExitCodeIsUsage() =>
        Assert.Equal(ExitCode.Usage, Assert.Throws<HourglassException>(() => Load("""{ "nope": 1 }""")).ExitCode);

    [Fact]
    public void Load_BackupRootUnderAFile_Refused()
    {
        File.WriteAllText(Path.Combine(_folder, "afile"), "");

        Assert.Contains("is not writable", Problem("""{ "backupRoot": "afile/backups" }"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenJson_SaysWhereAndExitsUsage()
    {
        var error = Assert.Throws<HourglassException>(() => Load("{ \"databases\": [\"a\",\n  }"));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains("is not valid JSON (line 2", error.Message, StringComparison.Ordinal);
    }

    // Found by the config fuzzer (Fuzzing/ConfigFuzzTests): valid JSON the configuration reader refuses was an
    // "unexpected InvalidDataException" with exit 1.
    [Theory]
    [InlineData("0", "its top level is a number, not an object")]
    [InlineData("[]", "its top level is an array, not an object")]
    [InlineData("\"x\"", "its top level is a string, not an object")]
    [InlineData("{ \"databases\": [\"a\"], \"Databases\": [\"b\"] }", "'Databases' is given twice")]
    [InlineData("{ \"databases\": [\"a\"], \"connection\": { \"host\": \"a\", \"HOST\": \"b\" } }", "'connection:HOST' is given twice")]
    public void Load_JsonTheConfigReaderRefuses_OneLineUsageError(string json, string reason)
    {
        var error = Assert.Throws<HourglassException>(() => Load(json));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains("is not valid JSON (" + reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // Found by the config fuzzer (random bytes): the JSON reader quotes the bad token, here "f" and a newline, and the
    // error was two lines.
    [Fact]
    public void Load_BadTokenWithANewline_TheErrorStaysOneLine()
    {
        var error = Assert.Throws<HourglassException>(() => Load("f\n"));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains("'f\\n'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
