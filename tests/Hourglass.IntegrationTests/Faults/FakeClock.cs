using System.Globalization;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The wall clock of the ledger's server, moved by Debian's libfaketime: every server process started with
/// <see cref="Environment"/> reads its offset from one file on each call, so writing the file steps the clock of all
/// of them at once, as an NTP step does on a host. The monotonic clock is left alone, as NTP leaves it. It is the
/// clock that matters to the schedule: cron slots and leases are reckoned in the ledger's time (DESIGN.md). The
/// nodes do not run on it: pg_dump started under libfaketime by a node was seen to stop (state T) at random.
/// </summary>
internal sealed class FakeClock : IDisposable
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private readonly string _folder;

    public FakeClock()
    {
        if (!File.Exists(Library))
        {
            throw new InvalidOperationException($"{Library} is missing: apt-get install faketime (faults/run.sh and ./test.sh do)");
        }

        // The server runs as the postgres user, which must read the file: a world-readable folder of its own.
        _folder = Directory.CreateTempSubdirectory("hourglass-clock-").FullName;
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        OffsetFile = Path.Combine(_folder, "offset");
        Set(TimeSpan.Zero);
        File.SetUnixFileMode(OffsetFile, (UnixFileMode)0b110_100_100);
    }

    /// <summary>How far the fake clock is from the real one now.</summary>
    public TimeSpan Offset { get; private set; }

    private string OffsetFile { get; }

    /// <summary>
    /// What scripts/pg-cluster.sh needs in its environment to run the server on this clock: it preloads the library
    /// into the server's processes only (why is in the script).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOURGLASS_PG_PRELOAD"] = Library,
        ["FAKETIME_TIMESTAMP_FILE"] = OffsetFile,
        ["FAKETIME_NO_CACHE"] = "1",
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
    };

    /// <summary>Steps every such process's clock to <paramref name="offset"/> from the real time.</summary>
    public void Set(TimeSpan offset)
    {
        var seconds = (long)offset.TotalSeconds;
        var temporary = OffsetFile + ".new";
        File.WriteAllText(temporary, (seconds >= 0 ? "+" : "") + seconds.ToString(CultureInfo.InvariantCulture) + "\n");
        File.SetUnixFileMode(temporary, (UnixFileMode)0b110_100_100);
        File.Move(temporary, OffsetFile, overwrite: true);
        Offset = TimeSpan.FromSeconds(seconds);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
