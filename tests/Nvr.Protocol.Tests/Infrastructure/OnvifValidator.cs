namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Validates captured envelopes with the official, unmodified ONVIF schemas (../shared/tools/onvif-validate, Java).
/// In CI (CI=true) the validator must exist; on a clone without ../shared the check is skipped with a message.
/// </summary>
public static class OnvifValidator
{
    /// <summary>The schema validator of the shared tools, next to the repository (../shared/tools/onvif-validate).</summary>
    private static readonly string ValidatorPath = Path.GetFullPath(Path.Combine(TestTools.RepositoryRoot, "..", "shared", "tools", "onvif-validate"));

    /// <summary>
    /// The shared validator's source (OnvifValidate.java, what onvif-validate runs) with the official media.wsdl (ver10)
    /// added to the WSDLs whose schemas it loads when it lacks it: the media service's responses are checked with the
    /// same unmodified schemas, the same way. Written into <paramref name="directory"/>.
    /// </summary>
    private static string WithMediaSchemas(string directory)
    {
        const string Media = "\"ver10/media/wsdl/media.wsdl\"";
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ValidatorPath)!, "OnvifValidate.java"));
        if (!source.Contains(Media, StringComparison.Ordinal))
        {
            var anchor = "\"ver10/replay.wsdl\"";
            Assert.True(source.Contains(anchor, StringComparison.Ordinal), "OnvifValidate.java no longer lists ver10/replay.wsdl: update OnvifValidator");
            source = source.Replace(anchor, anchor + "," + Media, StringComparison.Ordinal);
        }

        var path = Path.Combine(directory, "OnvifValidate.java");
        File.WriteAllText(path, source);
        return path;
    }

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

        using var directory = new TempDirectory("nvr-envelopes");
        var files = capture.WriteTo(directory.Path);
        var validated = await TestTools.RunUncheckedAsync(
            "java", [WithMediaSchemas(directory.Path), Path.Combine(Path.GetDirectoryName(ValidatorPath)!, "..", "onvif"), .. files], TimeSpan.FromMinutes(5));
        var report = validated.Output + validated.Error;
        Assert.True(validated.ExitCode == 0, $"[{label}] {files.Count} envelopes, validation failed:\n{report}");
        Assert.Contains($"{files.Count} valid, 0 invalid", report, StringComparison.Ordinal);
    }
}
