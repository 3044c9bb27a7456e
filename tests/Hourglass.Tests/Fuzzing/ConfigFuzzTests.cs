using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Hourglass.Configuration;

namespace Hourglass.Tests.Fuzzing;

/// <summary>hourglass.json as a fuzzer writes it: the config loads, or it is one line and exit code 2; never anything else.</summary>
public sealed class ConfigFuzzTests : IDisposable
{
    private static readonly string[] TopKeys =
    [
        "databases", "connection", "compression", "compressionLevel", "maxParallelDumps", "workers", "lease", "timeZone", "catchUp",
        "tiers", "ledger", "staleAfter", "verify", "verifyStaleAfter", "requireVerified", "encryption", "targets", "alerts", "web",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-fuzz-config-").FullName;

    [Property(MaxTest = 400)]
    public void Load_RandomValuesUnderTheRealKeys_LoadsOrFailsWithOneConfigLine(int seed)
    {
        var json = Config(new FuzzJson(new Random(seed)));
        var path = Path.Combine(_folder, $"fuzz-{seed}.json");
        File.WriteAllText(path, json);

        try
        {
            ConfigLoader.Load(path, _folder);
        }
        catch (HourglassException e)
        {
            Assert.True(e.ExitCode == ExitCode.Usage, $"seed {seed}: exit {e.ExitCode} for a config problem: {e.Message}\n{json}");
            Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"seed {seed}: the message is not one line: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"seed {seed}: an empty message");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Property(MaxTest = 200)]
    public void Load_RandomBytes_FailWithOneConfigLine(byte[] bytes)
    {
        var path = Path.Combine(_folder, $"bytes-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);

        try
        {
            ConfigLoader.Load(path, _folder);
        }
        catch (HourglassException e)
        {
            Assert.Equal(ExitCode.Usage, e.ExitCode);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A config whose keys are mostly real and whose values are anything; the backup root stays in the test's folder.</summary>
    private static string Config(FuzzJson fuzz)
    {
        var config = fuzz.Object(0, TopKeys);
        if (fuzz.Pick(2) == 0)
        {
            config["databases"] = new JsonArray([.. Enumerable.Range(0, fuzz.Pick(4)).Select(_ => (JsonNode?)JsonValue.Create(fuzz.Text()))]);
        }

        if (fuzz.Pick(2) == 0)
        {
            config["tiers"] = new JsonObject { [fuzz.Pick(2) == 0 ? "daily" : fuzz.Text()] = fuzz.Object(1, ["cron", "keep", "extra"]) };
        }

        if (fuzz.Pick(3) == 0)
        {
            config["connection"] = fuzz.Object(1, ["host", "port", "username", "passwordFile"]);
        }

        if (fuzz.Pick(3) == 0)
        {
            config["targets"] = new JsonObject { ["offsite"] = fuzz.Object(1, ["type", "bucket", "prefix", "endpoint", "region", "forcePathStyle", "encrypt", "tiers"]) };
        }

        if (fuzz.Pick(10) == 0)
        {
            config[fuzz.Text()] = fuzz.Value();
        }

        config["backupRoot"] = "root";
        return config.ToJsonString();
    }
}
