using System.Collections.Concurrent;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Collects response envelopes and writes them as files for <see cref="OnvifValidator"/>.</summary>
public sealed class EnvelopeCapture
{
    private readonly ConcurrentQueue<byte[]> _envelopes = new();

    public int Count => _envelopes.Count;

    /// <summary>Every captured response envelope, as text (to scan them, e.g. for a secret that must never come back).</summary>
    public IReadOnlyList<string> Texts => _envelopes.Select(e => System.Text.Encoding.UTF8.GetString(e)).ToList();

    public void Add(byte[] envelope) => _envelopes.Enqueue(envelope);

    public IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var n = 0;
        foreach (var envelope in _envelopes)
        {
            var file = Path.Combine(directory, $"response-{n++:D4}.xml");
            File.WriteAllBytes(file, envelope);
            files.Add(file);
        }

        return files;
    }
}
