using Nvr.Control;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Pipeline.Simulator;

namespace Nvr.Appliance;

/// <summary>
/// <c>--demo</c>: the built-in camera simulator (a real H.264 + AAC capture, looped) plus a recording and an active
/// job writing to the first storage, so a newcomer sees segments within seconds. Created once; on later starts
/// the existing demo receiver is pointed at the simulator's new address.
/// </summary>
public sealed class DemoCamera : IAsyncDisposable
{
    public const string Name = "Demo camera";
    private readonly CameraSimulator _simulator;

    private DemoCamera(CameraSimulator simulator) => _simulator = simulator;

    public Uri Uri => _simulator.Uri;

    public static async Task<DemoCamera> StartAsync(ControlPlane control, string storageToken, TextWriter output)
    {
        var simulator = new CameraSimulator(Resource("demo-camera.sdp"), RtpDumpReader.Read(ResourceBytes("demo-camera.rtpdump")));
        var demo = new DemoCamera(simulator);
        var receiverConfiguration = new ReceiverConfiguration("AutoConnect", simulator.Uri.AbsoluteUri, "RTP-Unicast", "RTSP");
        var recordings = await Ask<RecordingsReply>(control, GetRecordings.Instance);
        var existing = recordings.Recordings.FirstOrDefault(r => r.Configuration.Source.Name == Name);
        if (existing is null)
        {
            var receiver = (await Ask<ReceiverCreatedReply>(control, new CreateReceiver(receiverConfiguration))).ReceiverToken;
            var target = new RecordingTarget(storageToken, "MP4", "demo", null, TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), []);
            var configuration = new RecordingConfiguration(
                new RecordingSource("urn:nvr:demo-camera", Name, "built in", "looped capture of the GStreamer test server", simulator.Uri.AbsoluteUri),
                "demo", TimeSpan.Zero, target);
            var recording = (await Ask<RecordingCreatedReply>(control, new CreateRecording(configuration))).RecordingToken;
            var source = new RecordingJobSource(new SourceReference(receiver, SourceReference.ReceiverType), null, []);
            var job = (await Ask<JobCreatedReply>(control, new CreateRecordingJob(new RecordingJobConfiguration(recording, "Active", 1, [source], null, null)))).JobToken;
            await output.WriteLineAsync($"nvr: demo camera {simulator.Uri} -> recording {recording}, job {job} (Active)");
        }
        else
        {
            var jobs = await Ask<RecordingJobsReply>(control, GetRecordingJobs.Instance);
            foreach (var receiver in jobs.Jobs.Where(j => j.Configuration.RecordingToken == existing.Token)
                         .SelectMany(j => j.Configuration.Sources).Select(s => s.SourceToken?.Token).OfType<string>().Distinct())
            {
                await Ask<CommandDone>(control, new ConfigureReceiver(receiver, receiverConfiguration));
            }

            await output.WriteLineAsync($"nvr: demo camera {simulator.Uri} -> recording {existing.Token}");
        }

        return demo;
    }

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();

    private static async Task<T> Ask<T>(ControlPlane control, object command)
    {
        try
        {
            return await control.AskAsync<T>(command);
        }
        catch (Nvr.Control.Recordings.CommandRejectedException e)
        {
            throw new InvalidOperationException($"demo setup: {command.GetType().Name} was refused: {e.Message}", e);
        }
    }

    private static byte[] ResourceBytes(string name)
    {
        using var stream = typeof(DemoCamera).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Resource(string name) => System.Text.Encoding.UTF8.GetString(ResourceBytes(name));
}
