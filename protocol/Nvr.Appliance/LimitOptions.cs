using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nvr.Control.Recordings;

namespace Nvr.Appliance;

/// <summary>
/// The control-plane limits as options (<c>--max-recordings N</c> …) and as the config file's <c>limits</c> object
/// (<c>{"limits": {"maxRecordings": 2000}}</c>); the command line wins, unset counts keep <see cref="ControlLimits"/>'s
/// defaults. What is configured is exactly what GetServiceCapabilities and GetRecordingOptions advertise.
/// </summary>
internal sealed class LimitOptions
{
    private readonly (Option<int?> Option, string Key, Func<ControlLimits, int, ControlLimits> Apply)[] _counts =
    [
        (Count("--max-recordings", "maxRecordings", "Recordings the device accepts (MaxRecordings)", ControlLimits.Default.MaxRecordings), "maxRecordings",
            (l, v) => l with { MaxRecordings = v }),
        (Count("--max-recording-jobs", "maxRecordingJobs", "Recording jobs in all (MaxRecordingJobs)", ControlLimits.Default.MaxRecordingJobs), "maxRecordingJobs",
            (l, v) => l with { MaxRecordingJobs = v }),
        (Count("--max-jobs-per-recording", "maxJobsPerRecording", "Recording jobs per recording", ControlLimits.Default.MaxJobsPerRecording), "maxJobsPerRecording",
            (l, v) => l with { MaxJobsPerRecording = v }),
        (Count("--max-receivers", "maxReceivers", "Receivers (SupportedReceivers)", ControlLimits.Default.MaxReceivers), "maxReceivers",
            (l, v) => l with { MaxReceivers = v }),
        (Count("--max-tracks-per-recording", "maxTracksPerRecording", "Tracks per recording", ControlLimits.Default.MaxTracksPerRecording), "maxTracksPerRecording",
            (l, v) => l with { MaxTracksPerRecording = v }),
    ];

    public IEnumerable<Option> Options => _counts.Select(c => (Option)c.Option);

    /// <summary>The limits of <paramref name="result"/> over the config file's <c>limits</c> object (if any).</summary>
    /// <exception cref="ArgumentException">A count below 1 or not an integer (the message names the option or key).</exception>
    public ControlLimits Read(ParseResult result, JsonElement? config)
    {
        var limits = ControlLimits.Default;
        foreach (var (option, key, apply) in _counts)
        {
            var value = result.GetValue(option) ?? FromConfig(config, key);
            if (value is null)
            {
                continue;
            }

            if (value < 1)
            {
                throw new ArgumentException($"{option.Name} must be at least 1, got {value.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            limits = apply(limits, value.Value);
        }

        return limits;
    }

    private static int? FromConfig(JsonElement? config, string key)
    {
        if (config is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("limits", out var limits)
            || limits.ValueKind != JsonValueKind.Object || !limits.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count)
            ? count
            : throw new ArgumentException($"config limits.{key} must be an integer, got {value.GetRawText()}");
    }

    private static Option<int?> Count(string name, string key, string what, int defaultValue) => new(name)
    {
        HelpName = "N",
        Description = $"{what} (default {defaultValue.ToString(CultureInfo.InvariantCulture)}; config file limits.{key}).",
    };
}
