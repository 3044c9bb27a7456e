using System.Diagnostics;
using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The ledger's server on <see cref="FakeClock"/>. CI once saw it fail to start again after a ledger outage
/// ("libfaketime: In ft_shm_init(), sem_open failed and recreation attempts failed: Permission denied"): libfaketime,
/// preloaded into root's processes too, handed the postgres user a root-owned semaphore, and the one it then tried
/// to make was taken by a stale file at its own pid. Both conditions are made here on purpose.
/// </summary>
public sealed class FakeClockTests
{
    private const string SharedMemory = "/dev/shm";

    [Fact]
    public async Task LedgerServer_OnTheFakeClock_StartsAgainBesideRootsSemaphoreAndStaleOnesAtItsPids()
    {
        Assert.SkipUnless(Environment.UserName == "root", "the server runs as another user only when the tests run as root");
        var ct = TestContext.Current.CancellationToken;
        using var clock = new FakeClock();
        using var rootsSemaphore = RootSemaphoreHolder.Start(clock);
        var environment = new Dictionary<string, string>(clock.Environment) { ["FAKETIME_SHARED"] = rootsSemaphore.Shared };
        await using var cluster = await PostgresCluster.StartPrivateAsync(environment);
        await cluster.HaltAsync();

        var stale = StaleSemaphoresAtTheNextPids(3000);
        try
        {
            await cluster.ResumeAsync();
        }
        finally
        {
            stale.ForEach(File.Delete);
        }

        clock.Set(TimeSpan.FromHours(1));
        var serverTime = await cluster.ScalarAsync<DateTime>("postgres", "SELECT now()", ct);
        Assert.InRange(serverTime - TimeProvider.System.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(65));
    }

    /// <summary>Root-owned files, mode 0600, where libfaketime would make the semaphore of each of the next pids.</summary>
    private static List<string> StaleSemaphoresAtTheNextPids(int count)
    {
        var last = int.Parse(File.ReadAllText("/proc/sys/kernel/ns_last_pid").Trim(), CultureInfo.InvariantCulture);
        var max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);
        var made = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var path = Path.Combine(SharedMemory, $"sem.faketime_sem_{(last + i) % max}");
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, new byte[32]);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                made.Add(path);
            }
        }

        return made;
    }

    /// <summary>A root process on the fake clock: libfaketime makes its semaphore, as the first preloaded process of a chain does.</summary>
    private sealed class RootSemaphoreHolder : IDisposable
    {
        private readonly Process _process;

        private RootSemaphoreHolder(Process process) => _process = process;

        public string Shared => $"/faketime_sem_{_process.Id} /faketime_shm_{_process.Id}";

        public static RootSemaphoreHolder Start(FakeClock clock)
        {
            var info = new ProcessStartInfo("sleep", "600");
            foreach (var (name, value) in clock.Environment)
            {
                info.Environment[name] = value;
            }

            info.Environment["LD_PRELOAD"] = FakeClock.Library;
            var holder = new RootSemaphoreHolder(Process.Start(info)!);
            var semaphore = Path.Combine(SharedMemory, $"sem.faketime_sem_{holder._process.Id}");
            for (var i = 0; i < 100 && !File.Exists(semaphore); i++)
            {
                Thread.Sleep(50);
            }

            Assert.True(File.Exists(semaphore), $"libfaketime made no semaphore for a preloaded process ({semaphore})");
            return holder;
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit();
            File.Delete(Path.Combine(SharedMemory, $"sem.faketime_sem_{_process.Id}"));
            File.Delete(Path.Combine(SharedMemory, $"faketime_shm_{_process.Id}"));
            _process.Dispose();
        }
    }
}
