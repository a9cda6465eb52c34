namespace Nvr.Storage.Spool;

/// <summary>A completed object waiting in the spool.</summary>
internal sealed class SpoolEntry(string key, long length)
{
    public string Key { get; } = key;

    public long Length { get; } = length;

    public bool InFlight { get; set; }

    public bool Dropped { get; set; }

    public CancellationTokenSource? Upload { get; set; }
}
