using System.Text;

namespace Nvr.Recording.Tests.Support;

/// <summary>A thread-safe text sink that completes a task when a line containing a marker is written.</summary>
public sealed class SignallingWriter(string marker, TaskCompletionSource signal) : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                signal.TrySetResult();
            }
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
