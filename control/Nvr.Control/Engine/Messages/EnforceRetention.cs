namespace Nvr.Control.Engine.Messages;

/// <summary>Timer tick of the recording engine: delete data older than each recording's MaximumRetentionTime.</summary>
public sealed record EnforceRetention
{
    public static EnforceRetention Instance { get; } = new();
}
