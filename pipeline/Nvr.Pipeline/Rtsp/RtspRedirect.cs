namespace Nvr.Pipeline.Rtsp;

/// <summary>Thrown by DESCRIBE when the server answers 3xx: the session must be retried at <see cref="Target"/>.</summary>
public sealed class RtspRedirect(Uri target) : Exception($"redirected to {target}")
{
    public Uri Target { get; } = target;
}
