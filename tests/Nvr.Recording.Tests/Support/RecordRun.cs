using System.Xml;
using Nvr.Recording.Cli;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;

namespace Nvr.Recording.Tests.Support;

/// <summary>Runs <c>nvr record</c> in-process and reads back what it wrote under its output directory.</summary>
public sealed class RecordRun
{
    private RecordRun(int exitCode, string output, string error, string directory)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
        Directory = directory;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public string Directory { get; }

    public static async Task<RecordRun> RunAsync(string directory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RecordCommand.RunAsync([.. args, "--out", directory], TextWriter.Synchronized(output), TextWriter.Synchronized(error))
            .WaitAsync(TimeSpan.FromMinutes(2));
        return new RecordRun(code, output.ToString(), error.ToString(), directory);
    }

    /// <summary>Every stored object (sidecars hidden), parsed as Annex B keys, in key-time then counter order.</summary>
    public IReadOnlyList<ObjectKey> Keys()
    {
        var sink = new LocalDiskSink(Directory);
        return sink.ListKeys().Select(ObjectKeyParser.Parse).OrderBy(k => k.Kind).ThenBy(k => k.Time).ThenBy(k => k.Counter).ThenBy(k => k.IsSpanEnd).ToList();
    }

    public StoredObjectInfo Info(ObjectKey key) => new LocalDiskSink(Directory).GetObjectInfo(key.Key) ?? throw new FileNotFoundException(key.Key);

    public string PathOf(ObjectKey key) => Path.Combine(Directory, key.Key);

    public TimeSpan DurationOf(ObjectKey key) => XmlConvert.ToTimeSpan(Info(key).Attributes["Duration"]);
}
