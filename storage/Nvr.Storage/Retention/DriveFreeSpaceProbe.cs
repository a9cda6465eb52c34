namespace Nvr.Storage.Retention;

/// <summary><see cref="IFreeSpaceProbe"/> backed by <see cref="DriveInfo"/>.</summary>
public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    /// <inheritdoc />
    public long AvailableBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
}
