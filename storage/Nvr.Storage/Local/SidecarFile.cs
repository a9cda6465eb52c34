using System.Text.Json;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Local;

/// <summary>Reads and writes the JSON metadata sidecar (<c>&lt;key&gt;.meta.json</c>) of a local object.</summary>
internal static class SidecarFile
{
    public const string MetadataSuffix = ".meta.json";
    public const string PartialSuffix = ".partial";
    public const string JournalSuffix = ".partial.idx";
    public const string PartialMetadataSuffix = ".partial.meta.json";
    public const string TemporarySuffix = ".tmp";

    public static bool IsAuxiliary(string fileName)
        => fileName.EndsWith(MetadataSuffix, StringComparison.Ordinal)
        || fileName.EndsWith(PartialSuffix, StringComparison.Ordinal)
        || fileName.EndsWith(JournalSuffix, StringComparison.Ordinal)
        || fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    public static void Write(string path, SegmentMetadata metadata, TimeSpan? finalDuration)
    {
        var attributes = finalDuration is { } d ? metadata.Attributes with { Duration = d } : metadata.Attributes;
        var document = new SidecarDocument
        {
            Key = metadata.Key,
            ContentType = metadata.ContentType,
            Attributes = attributes.ToPairs().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
        WriteDocument(path, document);
    }

    public static void WriteDocument(string path, SidecarDocument document)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, document);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static SidecarDocument? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<SidecarDocument>(stream);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
