using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>Seed 5.2: every object and its configuration survives a restart of the actor system on the same SQLite file.</summary>
public sealed class RecoveryTests : IAsyncLifetime
{
    private readonly string _database = TempDatabase();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Everything_is_restored_with_identical_tokens_after_a_restart()
    {
        var before = await RunThenRestartAsync(PersistenceOptions.Sqlite(_database), extraRecordings: 0);
        Assert.Equal(before.First, before.Second);
        Assert.Contains("REC0001", before.First, StringComparison.Ordinal);
        Assert.DoesNotContain("REC0003", before.First, StringComparison.Ordinal); // deleted, and its job with it
    }

    [Fact]
    public async Task Recovery_through_snapshots_gives_the_same_state()
    {
        // 120 create+delete pairs push the journal past a snapshot (every 200 events).
        var states = await RunThenRestartAsync(PersistenceOptions.Sqlite(_database), extraRecordings: 120);
        Assert.Equal(states.First, states.Second);
    }

    [Fact]
    public async Task Tokens_are_never_reused_after_a_restart()
    {
        var options = PersistenceOptions.Sqlite(_database);
        await using (var first = await ControlPlane.StartAsync(options, ControlLimits.Default, TimeProvider.System, "first"))
        {
            var token = (await RecoveryScenario.Ask<RecordingCreatedReply>(first.RecordingControl, new CreateRecording(CameraRecording()))).RecordingToken;
            await RecoveryScenario.Ask<CommandDone>(first.RecordingControl, new DeleteRecording(token));
        }

        await using var second = await ControlPlane.StartAsync(options, ControlLimits.Default, TimeProvider.System, "second");
        var next = (await RecoveryScenario.Ask<RecordingCreatedReply>(second.RecordingControl, new CreateRecording(CameraRecording()))).RecordingToken;
        Assert.Equal("REC0002", next);
    }

    internal static async Task<(string First, string Second)> RunThenRestartAsync(PersistenceOptions options, int extraRecordings)
    {
        string first;
        await using (var plane = await ControlPlane.StartAsync(options, ControlLimits.Default, TimeProvider.System, "before"))
        {
            await RecoveryScenario.RunAsync(plane.RecordingControl, extraRecordings);
            first = await RecoveryScenario.SnapshotAsync(plane.RecordingControl);
        }

        await using var restarted = await ControlPlane.StartAsync(options, ControlLimits.Default, TimeProvider.System, "after");
        return (first, await RecoveryScenario.SnapshotAsync(restarted.RecordingControl));
    }
}
