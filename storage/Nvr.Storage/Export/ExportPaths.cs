namespace Nvr.Storage.Export;

/// <summary>Resolves relative keys/paths under a root, refusing anything that would leave it.</summary>
public static class ExportPaths
{
    /// <summary>
    /// Checks a client-given relative path (StorageDestination RelativePath): '/'-separated, no empty, '.' or '..'
    /// element, no backslash or NUL; empty means the root. Returns it normalised (no leading/trailing '/').
    /// </summary>
    /// <exception cref="ArgumentException">The path is not a safe relative path.</exception>
    public static string CheckRelative(string? relativePath)
    {
        var path = (relativePath ?? string.Empty).Trim().Trim('/');
        if (path.Length == 0)
        {
            return string.Empty;
        }

        if (path.Contains('\\') || path.Contains('\0') || path.Length > 512)
        {
            throw new ArgumentException("the relative path contains a backslash or NUL, or is too long", nameof(relativePath));
        }

        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element is "." or "..")
            {
                throw new ArgumentException($"the relative path '{path}' has an empty, '.' or '..' element", nameof(relativePath));
            }
        }

        return path;
    }

    /// <summary>The absolute path of <paramref name="relative"/> under <paramref name="root"/>; throws when it escapes it.</summary>
    public static string Under(string root, string relative)
    {
        var fullRoot = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(fullRoot, CheckRelative(relative)));
        if (!full.StartsWith(fullRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != fullRoot)
        {
            throw new ArgumentException($"'{relative}' leaves the storage root", nameof(relative));
        }

        return full;
    }
}
