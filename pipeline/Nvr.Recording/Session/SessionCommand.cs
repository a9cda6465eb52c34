using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>A request handled on the session loop, between access units.</summary>
internal abstract record SessionCommand
{
    internal sealed record Stop : SessionCommand;

    internal sealed record Override(TimeSpan Target, DateTimeOffset ExpiresAt) : SessionCommand;

    internal sealed record ClearOverride : SessionCommand;

    internal sealed record Reconfigure(RecordingTarget Target, Nvr.Codecs.Cenc.Config.EncryptionConfiguration Encryption) : SessionCommand;

    internal sealed record SourceEnded(int Source, Exception? Error) : SessionCommand;

    internal sealed record EnableEventGating(TimeSpan PreEvent) : SessionCommand;

    internal sealed record DisableEventGating : SessionCommand;

    internal sealed record OpenEventWindow(DateTime FromUtc) : SessionCommand;

    internal sealed record CloseEventWindow(DateTime UntilUtc) : SessionCommand;

    internal sealed record UpdateStreams(int Source, IReadOnlyList<StreamDescription> Streams) : SessionCommand;
}
