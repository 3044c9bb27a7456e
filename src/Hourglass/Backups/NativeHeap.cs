using System.Runtime.InteropServices;

namespace Hourglass.Backups;

/// <summary>
/// Keeps what native compressors free out of the process. Native zstd's worker threads are new for every dump, glibc
/// gives new threads heaps of their own (up to 8 per core), and with its default, self-raising thresholds each heap
/// keeps the few MiB a finished dump's compression buffers freed: a set of 50 small databases peaked at 160 MB against
/// 82 MB for one (README, Benchmark, "Memory and the number of databases"). Best effort: a C library without these calls
/// (musl) changes nothing.
/// </summary>
internal static partial class NativeHeap
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int DefaultMmapThreshold = 128 * 1024;
    private static int _configured;
    private static bool _unavailable;

    /// <summary>
    /// Fixes glibc's thresholds at their defaults: buffers of 128 KiB and more get pages of their own, which go back to
    /// the system when freed, instead of growing a heap that is then kept. Once per process, before the first dump.
    /// </summary>
    public static void KeepLargeBuffersOut()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 0)
        {
            Call(() => Mallopt(MmapThreshold, DefaultMmapThreshold));
        }
    }

    /// <summary>Returns the free pages of every C heap to the system: what a finished dump's compressor left.</summary>
    public static void ReturnFreedMemory() => Call(() => MallocTrim(0));

    private static void Call(Func<int> call)
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _unavailable))
        {
            return;
        }

        try
        {
            _ = call();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, true);
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
