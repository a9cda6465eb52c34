namespace Nvr.Control.Recordings.Model;

/// <summary>tt:ReceiverMode (seed 5.1): when a receiver connects.</summary>
public static class ReceiverModes
{
    public const string AutoConnect = "AutoConnect";
    public const string AlwaysConnect = "AlwaysConnect";
    public const string NeverConnect = "NeverConnect";
}
