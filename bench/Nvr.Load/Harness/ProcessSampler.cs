using System.Globalization;

namespace Nvr.Load.Harness;

/// <summary>CPU seconds (utime + stime) and RSS of a set of processes, read from /proc (Linux).</summary>
public static class ProcessSampler
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(CpuSeconds);

    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static long ContextSwitches(IEnumerable<int> pids) => pids.Sum(ContextSwitches);

    /// <summary>
    /// Voluntary + involuntary context switches of the live threads of <paramref name="pid"/> (summed over
    /// /proc/PID/task/*/status; threads that ended in between are not counted).
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // the thread ended while being read
                }
            }
        }
        catch (IOException)
        {
        }

        return total;
    }

    public static long RssBytes(IEnumerable<int> pids) => pids.Sum(RssBytes);

    public static long RssBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            // "VmRSS:\t   4096 kB": the kernel pads the number with spaces only up to 8 digits (≥ 10 GB: a tab alone)
            return line is null ? 0 : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The key=value counters the appliance writes when NVR_STATS_FILE is set.</summary>
    public static Dictionary<string, double> ReadStats(string path)
    {
        var stats = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return stats;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && double.TryParse(line[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                stats[line[..equals]] = value;
            }
        }

        return stats;
    }
}
