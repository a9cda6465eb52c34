namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Locates the repository root (the folder of Pipeline.sln) and the shared tools beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The official-schema validator, present where the project's shared folder is checked out beside it.</summary>
    public static string Validator => Path.GetFullPath(Path.Combine(Root, "..", "shared", "tools", "onvif-validate"));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test binaries");
    }
}
