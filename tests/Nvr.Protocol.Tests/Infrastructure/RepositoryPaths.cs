namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>The repository root and the shared tools beside it.</summary>
public static class RepositoryPaths
{
    public static string Root => TestTools.RepositoryRoot;

    /// <summary>The official-schema validator, present where the project's shared folder is checked out beside it.</summary>
    public static string Validator => Path.GetFullPath(Path.Combine(Root, "..", "shared", "tools", "onvif-validate"));
}
