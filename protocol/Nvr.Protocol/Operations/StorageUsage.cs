namespace Nvr.Protocol.Operations;

/// <summary>Bytes used under a directory and free on its file system (for the metrics and the storage page).</summary>
public static class StorageUsage
{
    public static long DirectoryBytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                    // deleted while counting (retention): not there any more
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return total;
        }

        return total;
    }

    /// <summary>Bytes available to the appliance on the file system holding <paramref name="directory"/> (or its nearest existing parent).</summary>
    public static long? FreeBytes(string directory)
    {
        var path = Path.GetFullPath(directory);
        while (!Directory.Exists(path))
        {
            var parent = Path.GetDirectoryName(path);
            if (parent is null)
            {
                return null;
            }

            path = parent;
        }

        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
