namespace Nvr.Control.Recordings.Model;

/// <summary>The Target formats of seed 5.3.1 / Annex B.</summary>
public static class TargetFormats
{
    public const string Mp4 = "MP4";
    public const string Cmaf = "CMAF";
}
