namespace Nvr.Pipeline.Tests.Support;

/// <summary>The peer scripts and external tools of this project's tests (see <see cref="TestTools"/>).</summary>
public static class Peers
{
    public static string RepositoryRoot => TestTools.RepositoryRoot;

    public static string Script(string name) => TestTools.PeerScript(name);

    public static int FreeTcpPort() => TestTools.FreeTcpPort();

    /// <summary>Runs a program; fails with its output when it exits non-zero, is missing or exceeds the timeout.</summary>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        (await TestTools.RunAsync(program, arguments, timeout)).Output;
}
