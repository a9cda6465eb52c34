namespace Nvr.Storage.Retention;

/// <summary>Tells how many bytes are free where a local storage lives.</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes available to this process on the file system holding <paramref name="directory"/>.</summary>
    long AvailableBytes(string directory);
}
