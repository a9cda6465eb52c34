namespace Nvr.Pipeline.Rtsp;

/// <summary>User name and password for RTSP Basic/Digest authentication.</summary>
public sealed record RtspCredentials(string UserName, string Password)
{
    /// <summary>Credentials embedded in an <c>rtsp://user:pass@host/…</c> URI (percent-decoded), or null.</summary>
    public static RtspCredentials? FromUri(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var colon = uri.UserInfo.IndexOf(':');
        return colon < 0
            ? new RtspCredentials(Uri.UnescapeDataString(uri.UserInfo), string.Empty)
            : new RtspCredentials(Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
    }

    public override string ToString() => $"{UserName}:***";
}
