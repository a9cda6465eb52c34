using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Nvr.Protocol.WebConsole;

/// <summary>The console's static files, embedded in the assembly (WebConsole/Assets); nothing is built at run time.</summary>
internal static class ConsoleAssets
{
    private static readonly FrozenSet<string> Anonymous = new[] { "login.html", "login.js", "console.css" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type)> Files = Load();

    public static bool Public(string name) => Anonymous.Contains(name);

    public static IResult Result(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Bytes, file.Type) : Results.NotFound();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        const string prefix = "Nvr.Protocol.WebConsole.Assets.";
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            files[name] = (copy.ToArray(), Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            });
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
