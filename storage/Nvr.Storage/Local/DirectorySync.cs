using System.Runtime.InteropServices;

namespace Nvr.Storage.Local;

/// <summary>
/// Flushes a directory's entries to disk (fsync on the directory) so that a file just created or renamed
/// in it survives a power loss. Linux/macOS only; a no-op elsewhere. Called once per segment, not per fragment.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int AtCurrentDirectory = -100;
    private const uint RenameNoReplaceFlag = 1;
    private const int Einval = 22;
    private const int Enosys = 38;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        int fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            return; // best effort: the data itself was flushed; a missing directory entry shows up in recovery
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="destination"/>, failing when the destination exists, with one
    /// system call on Linux (<c>renameat2</c> with <c>RENAME_NOREPLACE</c>; <see cref="File.Move(string, string, bool)"/>
    /// adds three <c>lstat</c>s); elsewhere, or where the file system does not support it, <see cref="File.Move(string, string, bool)"/>.
    /// </summary>
    public static void RenameNoReplace(string source, string destination)
    {
        if (OperatingSystem.IsLinux())
        {
            if (RenameAt2(AtCurrentDirectory, source, AtCurrentDirectory, destination, RenameNoReplaceFlag) == 0)
            {
                return;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno is not (Einval or Enosys))
            {
                throw new IOException($"cannot rename '{source}' to '{destination}' (errno {errno})", errno);
            }
        }

        File.Move(source, destination, overwrite: false);
    }

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
