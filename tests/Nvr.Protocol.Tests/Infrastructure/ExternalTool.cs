namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>The peer scripts and judges (ffprobe, ffmpeg) of the protocol tests, through <see cref="TestTools"/>.</summary>
public static class ExternalTool
{
    public static string PeerScript(string name) => TestTools.PeerScript(name);

    public static string MediaDirectory => TestTools.MediaDirectory;

    public static int FreePort() => TestTools.FreeTcpPort();

    /// <summary>Runs and returns (exit code, stdout, stderr) without judging the exit code.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var result = await TestTools.RunAsync(program, arguments, timeout, check: false);
        return (result.ExitCode, result.Output, result.Error);
    }

    public static async Task<string> RunCheckedAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        (await TestTools.RunAsync(program, arguments, timeout)).Output;
}
