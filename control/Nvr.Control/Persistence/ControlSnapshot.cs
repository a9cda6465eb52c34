using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Persistence;

/// <summary>The stored form of a recording-control snapshot: plain arrays, no comparer or CLR type names.</summary>
public sealed record ControlSnapshot(
    Recordings.Model.Recording[] Recordings,
    RecordingJob[] Jobs,
    Receiver[] Receivers,
    long RecordingsCreated,
    long JobsCreated,
    long ReceiversCreated);
