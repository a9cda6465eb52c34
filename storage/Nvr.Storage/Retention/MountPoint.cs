namespace Nvr.Storage.Retention;

/// <summary>Which mounted file system holds a directory (the longest mount point that contains it).</summary>
public static class MountPoint
{
    /// <summary>The mount point of <paramref name="directory"/>'s file system; its path root when none is listed.</summary>
    public static string Of(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        string best = Path.GetPathRoot(full) ?? full;
        foreach (var drive in DriveInfo.GetDrives())
        {
            var root = Path.TrimEndingDirectorySeparator(drive.RootDirectory.FullName);
            bool contains = full == root || full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (contains && root.Length > Path.TrimEndingDirectorySeparator(best).Length)
            {
                best = root;
            }
        }

        return best;
    }
}
