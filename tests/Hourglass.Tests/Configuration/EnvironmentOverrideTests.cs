using Hourglass.Configuration;

namespace Hourglass.Tests.Configuration;

/// <summary>These change process environment variables, so they run one at a time.</summary>
[Collection(nameof(EnvironmentOverrideTests))]
[CollectionDefinition(nameof(EnvironmentOverrideTests), DisableParallelization = true)]
public sealed class EnvironmentOverrideTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-env-").FullName;
    private readonly List<string> _set = [];

    public void Dispose()
    {
        foreach (var name in _set)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void Set(string name, string value)
    {
        _set.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    [Fact]
    public void Load_EnvironmentVariables_OverrideTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "hourglass.json"), """{ "databases": ["a"], "compression": "zstd", "connection": { "host": "file-host" } }""");
        Set("HOURGLASS__compression", "none");
        Set("HOURGLASS__connection__host", "env-host");
        Set("HOURGLASS__tiers__nightly__cron", "0 3 * * *");
        Set("HOURGLASS__tiers__nightly__keep", "3");

        var options = ConfigLoader.Load(null, _folder);

        Assert.Equal(CompressionKind.None, options.Compression);
        Assert.Equal("env-host", options.Connection.Host);
        Assert.Equal(["nightly"], options.EffectiveTiers.Keys);
    }

    [Fact]
    public void Load_UnknownEnvironmentKey_NamesTheVariable()
    {
        Set("HOURGLASS__compresion", "gzip");

        var message = Assert.Throws<HourglassException>(() => ConfigLoader.Load(null, _folder)).Message;

        Assert.StartsWith("environment variable HOURGLASS__compresion: unknown key 'compresion'", message, StringComparison.Ordinal);
    }
}
