using Nvr.Storage.Local;
using Nvr.Storage.Sinks;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

/// <summary>
/// Deleting an object removes the directories it leaves empty. A segment opening in the same directory at that moment
/// (the spool uploading the last object of a camera's hour while the camera's next span begins there) must still be
/// created: the directory it just made may not be removed under it. Each round starts the delete and the open together.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DirectoryPruningRaceTests : IDisposable
{
    private const int Rounds = 600;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_segment_opened_while_the_last_object_of_its_directory_is_deleted_is_stored()
    {
        using var sink = new LocalDiskSink(_dir.Path, flushEachFragment: false);
        var failures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var directory = $"cam/{round}";
            var old = Metadata($"{directory}/10-00-00.000Z.0.mp4");
            await sink.WriteEmptyObjectAsync(old);
            var next = Metadata($"{directory}/10-00-02.000Z.1.mp4");
            using var start = new Barrier(2);
            var delete = Task.Run(() =>
            {
                start.SignalAndWait();
                sink.DeleteObject(old.Key);
            });
            var open = Task.Run(async () =>
            {
                start.SignalAndWait();
                await using var writer = await sink.OpenSegmentAsync(next);
                await writer.WriteFragmentAsync(TestSegments.Fragment(round, 512));
                await writer.CompleteAsync(TimeSpan.FromSeconds(2));
            });
            await delete;
            try
            {
                await open;
            }
            catch (IOException e)
            {
                failures.Add($"round {round}: {e.GetType().Name}: {e.Message}");
            }

            if (failures.Count == 0)
            {
                Assert.True(File.Exists(sink.GetPath(next.Key)), $"round {round}: {next.Key} is not stored");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Rounds} opens failed; first: {failures.FirstOrDefault()}");
    }

    private static SegmentMetadata Metadata(string key) => new(key, "video/mp4", new SegmentAttributes());
}
