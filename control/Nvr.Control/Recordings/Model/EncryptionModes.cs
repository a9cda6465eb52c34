namespace Nvr.Control.Recordings.Model;

/// <summary>The Encryption modes of Annex B.8.</summary>
public static class EncryptionModes
{
    public const string Cenc = "CENC";
    public const string Cbcs = "CBCS";
}
