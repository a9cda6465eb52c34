using System.Diagnostics;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Validates captured envelopes with the official, unmodified ONVIF schemas (../shared/tools/onvif-validate, Java).
/// In CI (CI=true) the validator must exist; on a clone without ../shared the check is skipped with a message.
/// </summary>
public static class OnvifValidator
{
    /// <summary>The schema validator of the shared tools, next to the repository (../shared/tools/onvif-validate).</summary>
    private static readonly string ValidatorPath = Path.GetFullPath(Path.Combine(TestTools.RepositoryRoot, "..", "shared", "tools", "onvif-validate"));

    public static async Task AssertValidAsync(EnvelopeCapture capture, string label)
    {
        Assert.True(capture.Count > 0, "nothing was captured to validate");
        if (!File.Exists(ValidatorPath))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"CI must validate responses, but {ValidatorPath} is missing");
            Console.WriteLine($"[{label}] schema validation skipped: {ValidatorPath} not found (clone without ../shared)");
            return;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"nvr-envelopes-{label}-{Guid.NewGuid():N}");
        var files = capture.WriteTo(directory);
        try
        {
            var start = new ProcessStartInfo("bash", [ValidatorPath, .. files])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start onvif-validate");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var report = (await output) + (await error);
            Assert.True(process.ExitCode == 0, $"[{label}] {files.Count} envelopes, validation failed:\n{report}");
            Assert.Contains($"{files.Count} valid, 0 invalid", report, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
