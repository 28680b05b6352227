using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Oms.Sdk.Benchmarks.Quick;

/// <summary>
/// The CPU time of the calling thread on Linux (<c>CLOCK_THREAD_CPUTIME_ID</c>), else wall time. The quick pass times
/// with it because the contenders complete synchronously on the caller's thread (the canned handler never waits), and
/// on a shared machine CPU time does not count the time another process had the core.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static string Kind { get; } = OperatingSystem.IsLinux() ? "thread CPU time" : "wall time";

    public static long NowNanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
