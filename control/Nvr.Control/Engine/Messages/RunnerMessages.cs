using Nvr.Recording.Engine;
using Nvr.Recording.Triggers;
using Nvr.Storage.Index;

namespace Nvr.Control.Engine.Messages;

/// <summary>To a recording's runner actor: its data path failed; the actor fails so that the engine restarts it.</summary>
public sealed record RunnerFailed(Exception Error);

/// <summary>To a recording's runner actor: apply a plan with the same sources and tracks (target settings, override).</summary>
public sealed record UpdateRunner(RunnerPlan Plan);

/// <summary>To a recording's runner actor: an internal event for its event gate (seed 5.3.4).</summary>
public sealed record RunnerEvent(ITriggerEvent Event);

/// <summary>To a recording's runner actor: close the spans and stop; it answers <see cref="RunnerStopped"/> and stops itself.</summary>
public sealed record StopRunner
{
    public static StopRunner Instance { get; } = new();
}

/// <summary>A runner actor's answer to <see cref="StopRunner"/>: its spans are closed.</summary>
public sealed record RunnerStopped(string RecordingToken);

/// <summary>From a runner actor to the engine, at every (re)start: replay the conditions that hold.</summary>
public sealed record RunnerStarted(string RecordingToken);

/// <summary>To the engine (coordinated shutdown): stop every recording and close sinks and index; answered by <see cref="RecordingsStopped"/>.</summary>
public sealed record StopRecordings
{
    public static StopRecordings Instance { get; } = new();
}

/// <summary>The engine's answer to <see cref="StopRecordings"/>.</summary>
public sealed record RecordingsStopped
{
    public static RecordingsStopped Instance { get; } = new();
}

/// <summary>To the engine: how many recordings run and how often a failed one was restarted.</summary>
public sealed record GetEngineStatistics
{
    public static GetEngineStatistics Instance { get; } = new();
}

/// <summary>The engine's answer to <see cref="GetEngineStatistics"/>.</summary>
/// <param name="IndexRequestsRefused">Index requests refused because the index worker's queue was full.</param>
public sealed record EngineStatistics(int Recordings, long Restarts, long IndexRequestsRefused);

/// <summary>From the index worker to the engine: retention deleted a range.</summary>
public sealed record IndexRangeDeleted(RecordedRange Range);
