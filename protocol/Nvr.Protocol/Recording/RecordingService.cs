using Nvr.Control;
using Nvr.Control.Exports;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Search;
using Nvr.Protocol.Recording.Messages;
using Nvr.Protocol.Soap;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>
/// The Recording Control service: each operation becomes one command to the recording control actor; refusals
/// come back as the seed's exact faults. Exports (5.21–5.23) run under the engine's export supervisor (docs/export.md).
/// </summary>
public sealed class RecordingService : IRecordingService
{
    private readonly ControlPlane _control;
    private readonly RecordingCatalog _catalog;

    public RecordingService(ControlPlane control, RecordingCatalog catalog)
    {
        _control = control;
        _catalog = catalog;
    }

    public Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request) =>
        Task.FromResult(new GetServiceCapabilitiesResponse { Capabilities = RecordingCapabilities.From(_control.Limits) });

    public async Task<CreateRecordingResponse> CreateRecording(CreateRecordingRequest request)
    {
        var reply = await Ask<RecordingCreatedReply>(new CreateRecording(RecordingWireMapper.ToModel(Required(request.RecordingConfiguration, "RecordingConfiguration"))));
        return new CreateRecordingResponse { RecordingToken = reply.RecordingToken };
    }

    public async Task<DeleteRecordingResponse> DeleteRecording(DeleteRecordingRequest request)
    {
        await Ask<CommandDone>(new DeleteRecording(request.RecordingToken ?? string.Empty));
        return new DeleteRecordingResponse();
    }

    public async Task<GetRecordingsResponse> GetRecordings(GetRecordingsRequest request)
    {
        var reply = await Ask<RecordingsReply>(Control.Recordings.Messages.GetRecordings.Instance);
        return new GetRecordingsResponse
        {
            RecordingItem = reply.Recordings.Select(r => new Wire.GetRecordingsResponseItem
            {
                RecordingToken = r.Token,
                Configuration = RecordingWireMapper.ToWire(r.Configuration, _control.Time.GetUtcNow()),
                Tracks = new Wire.GetTracksResponseList
                {
                    Track = r.Tracks.Select(t => new Wire.GetTracksResponseItem
                    {
                        TrackToken = t.Token,
                        Configuration = RecordingWireMapper.ToWire(t.Configuration),
                    }).ToList(),
                },
            }).ToList(),
        };
    }

    public async Task<SetRecordingConfigurationResponse> SetRecordingConfiguration(SetRecordingConfigurationRequest request)
    {
        await Ask<CommandDone>(new SetRecordingConfiguration(
            request.RecordingToken ?? string.Empty, RecordingWireMapper.ToModel(Required(request.RecordingConfiguration, "RecordingConfiguration"))));
        return new SetRecordingConfigurationResponse();
    }

    public async Task<GetRecordingConfigurationResponse> GetRecordingConfiguration(GetRecordingConfigurationRequest request)
    {
        var reply = await Ask<RecordingConfigurationReply>(new GetRecordingConfiguration(request.RecordingToken ?? string.Empty));
        return new GetRecordingConfigurationResponse { RecordingConfiguration = RecordingWireMapper.ToWire(reply.Configuration, _control.Time.GetUtcNow()) };
    }

    public async Task<CreateTrackResponse> CreateTrack(CreateTrackRequest request)
    {
        var configuration = RecordingWireMapper.ToModel(Required(request.TrackConfiguration, "TrackConfiguration"));
        var reply = await Ask<TrackCreatedReply>(new CreateTrack(request.RecordingToken ?? string.Empty, configuration));
        return new CreateTrackResponse { TrackToken = reply.TrackToken };
    }

    public async Task<DeleteTrackResponse> DeleteTrack(DeleteTrackRequest request)
    {
        await Ask<CommandDone>(new DeleteTrack(request.RecordingToken ?? string.Empty, request.TrackToken ?? string.Empty));
        return new DeleteTrackResponse();
    }

    public async Task<GetTrackConfigurationResponse> GetTrackConfiguration(GetTrackConfigurationRequest request)
    {
        var reply = await Ask<TrackConfigurationReply>(new GetTrackConfiguration(request.RecordingToken ?? string.Empty, request.TrackToken ?? string.Empty));
        return new GetTrackConfigurationResponse { TrackConfiguration = RecordingWireMapper.ToWire(reply.Configuration) };
    }

    public async Task<SetTrackConfigurationResponse> SetTrackConfiguration(SetTrackConfigurationRequest request)
    {
        // 5.12: TrackType is ignored, so an unknown value there is not an error.
        var wire = Required(request.TrackConfiguration, "TrackConfiguration");
        var configuration = new Control.Recordings.Model.TrackConfiguration(Control.Recordings.Model.TrackType.Video, wire.Description ?? string.Empty);
        await Ask<CommandDone>(new SetTrackConfiguration(request.RecordingToken ?? string.Empty, request.TrackToken ?? string.Empty, configuration));
        return new SetTrackConfigurationResponse();
    }

    public async Task<CreateRecordingJobResponse> CreateRecordingJob(CreateRecordingJobRequest request)
    {
        var configuration = RecordingJobWireMapper.ToModel(Required(request.JobConfiguration, "JobConfiguration"));
        var reply = await Ask<JobCreatedReply>(new CreateRecordingJob(configuration));
        return new CreateRecordingJobResponse { JobToken = reply.JobToken, JobConfiguration = RecordingJobWireMapper.ToWire(reply.Configuration) };
    }

    public async Task<DeleteRecordingJobResponse> DeleteRecordingJob(DeleteRecordingJobRequest request)
    {
        await Ask<CommandDone>(new DeleteRecordingJob(request.JobToken ?? string.Empty));
        return new DeleteRecordingJobResponse();
    }

    public async Task<GetRecordingJobsResponse> GetRecordingJobs(GetRecordingJobsRequest request)
    {
        var reply = await Ask<RecordingJobsReply>(Control.Recordings.Messages.GetRecordingJobs.Instance);
        return new GetRecordingJobsResponse
        {
            JobItem = reply.Jobs.Select(j => new Wire.GetRecordingJobsResponseItem
            {
                JobToken = j.Token,
                JobConfiguration = RecordingJobWireMapper.ToWire(j.Configuration),
            }).ToList(),
        };
    }

    public async Task<SetRecordingJobConfigurationResponse> SetRecordingJobConfiguration(SetRecordingJobConfigurationRequest request)
    {
        var configuration = RecordingJobWireMapper.ToModel(Required(request.JobConfiguration, "JobConfiguration"));
        var reply = await Ask<JobConfigurationReply>(new SetRecordingJobConfiguration(request.JobToken ?? string.Empty, configuration));
        return new SetRecordingJobConfigurationResponse { JobConfiguration = RecordingJobWireMapper.ToWire(reply.Configuration) };
    }

    public async Task<GetRecordingJobConfigurationResponse> GetRecordingJobConfiguration(GetRecordingJobConfigurationRequest request)
    {
        var reply = await Ask<JobConfigurationReply>(new GetRecordingJobConfiguration(request.JobToken ?? string.Empty));
        return new GetRecordingJobConfigurationResponse { JobConfiguration = RecordingJobWireMapper.ToWire(reply.Configuration) };
    }

    public async Task<SetRecordingJobModeResponse> SetRecordingJobMode(SetRecordingJobModeRequest request)
    {
        await Ask<CommandDone>(new SetRecordingJobMode(request.JobToken ?? string.Empty, request.Mode ?? string.Empty));
        return new SetRecordingJobModeResponse();
    }

    public async Task<GetRecordingJobStateResponse> GetRecordingJobState(GetRecordingJobStateRequest request)
    {
        var reply = await Ask<JobStateReply>(new GetRecordingJobState(request.JobToken ?? string.Empty));
        return new GetRecordingJobStateResponse { State = RecordingJobWireMapper.ToWire(reply.State) };
    }

    public async Task<GetRecordingOptionsResponse> GetRecordingOptions(GetRecordingOptionsRequest request)
    {
        var reply = await Ask<RecordingOptionsReply>(new GetRecordingOptions(request.RecordingToken ?? string.Empty));
        return new GetRecordingOptionsResponse
        {
            Options = new Wire.RecordingOptions
            {
                Job = new Wire.JobOptions { Spare = reply.SpareJobs },
                Track = new Wire.TrackOptions
                {
                    SpareTotal = reply.SpareTotal,
                    SpareVideo = reply.SpareVideo,
                    SpareAudio = reply.SpareAudio,
                    SpareMetadata = reply.SpareMetadata,
                },
            },
        };
    }

    public async Task<ExportRecordedDataResponse> ExportRecordedData(ExportRecordedDataRequest request)
    {
        var command = await ExportWireMapper.FilterAsync(ExportWireMapper.ToCommand(request), request, _catalog);
        var started = await Ask<ExportStarted>(command);
        return new ExportRecordedDataResponse { OperationToken = started.OperationToken, FileNames = [.. started.FileNames] };
    }

    public async Task<StopExportRecordedDataResponse> StopExportRecordedData(StopExportRecordedDataRequest request)
    {
        var state = await Ask<ExportState>(new StopExport(request.OperationToken ?? string.Empty));
        return new StopExportRecordedDataResponse { Progress = (float)state.Progress, FileProgressStatus = ExportWireMapper.ToWire(state.Files) };
    }

    public async Task<GetExportRecordedDataStateResponse> GetExportRecordedDataState(GetExportRecordedDataStateRequest request)
    {
        var state = await Ask<ExportState>(new GetExportState(request.OperationToken ?? string.Empty));
        return new GetExportRecordedDataStateResponse { Progress = (float)state.Progress, FileProgressStatus = ExportWireMapper.ToWire(state.Files) };
    }

    public async Task<OverrideSegmentDurationResponse> OverrideSegmentDuration(OverrideSegmentDurationRequest request)
    {
        var target = RecordingWireMapper.Duration(request.TargetSegmentDuration, "TargetSegmentDuration", "BadDuration");
        var expiration = RecordingWireMapper.Duration(request.Expiration, "Expiration", "BadDuration");
        await Ask<CommandDone>(new OverrideSegmentDuration(request.RecordingConfiguration ?? string.Empty, target, expiration));
        return new OverrideSegmentDurationResponse();
    }

    private static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw OnvifFaults.InvalidArgs($"{name} is missing");

    private async Task<T> Ask<T>(object command)
    {
        try
        {
            return await _control.AskAsync<T>(command);
        }
        catch (CommandRejectedException rejected)
        {
            throw rejected.Rejection.ToFault();
        }
    }
}
