using System.ServiceModel;
using Nvr.Protocol.Recording.Messages;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording;

/// <summary>The ONVIF Recording Control service contract (trc, recording.wsdl), SOAP 1.2 document/literal.</summary>
[ServiceContract(Namespace = OnvifNamespaces.Recording, Name = "RecordingPort")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IRecordingService
{
    [OperationContract(Action = OnvifNamespaces.Recording + "/GetServiceCapabilities", ReplyAction = "*")]
    Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/CreateRecording", ReplyAction = "*")]
    Task<CreateRecordingResponse> CreateRecording(CreateRecordingRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/DeleteRecording", ReplyAction = "*")]
    Task<DeleteRecordingResponse> DeleteRecording(DeleteRecordingRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordings", ReplyAction = "*")]
    Task<GetRecordingsResponse> GetRecordings(GetRecordingsRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/SetRecordingConfiguration", ReplyAction = "*")]
    Task<SetRecordingConfigurationResponse> SetRecordingConfiguration(SetRecordingConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordingConfiguration", ReplyAction = "*")]
    Task<GetRecordingConfigurationResponse> GetRecordingConfiguration(GetRecordingConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/CreateTrack", ReplyAction = "*")]
    Task<CreateTrackResponse> CreateTrack(CreateTrackRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/DeleteTrack", ReplyAction = "*")]
    Task<DeleteTrackResponse> DeleteTrack(DeleteTrackRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetTrackConfiguration", ReplyAction = "*")]
    Task<GetTrackConfigurationResponse> GetTrackConfiguration(GetTrackConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/SetTrackConfiguration", ReplyAction = "*")]
    Task<SetTrackConfigurationResponse> SetTrackConfiguration(SetTrackConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/CreateRecordingJob", ReplyAction = "*")]
    Task<CreateRecordingJobResponse> CreateRecordingJob(CreateRecordingJobRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/DeleteRecordingJob", ReplyAction = "*")]
    Task<DeleteRecordingJobResponse> DeleteRecordingJob(DeleteRecordingJobRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordingJobs", ReplyAction = "*")]
    Task<GetRecordingJobsResponse> GetRecordingJobs(GetRecordingJobsRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/SetRecordingJobConfiguration", ReplyAction = "*")]
    Task<SetRecordingJobConfigurationResponse> SetRecordingJobConfiguration(SetRecordingJobConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordingJobConfiguration", ReplyAction = "*")]
    Task<GetRecordingJobConfigurationResponse> GetRecordingJobConfiguration(GetRecordingJobConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/SetRecordingJobMode", ReplyAction = "*")]
    Task<SetRecordingJobModeResponse> SetRecordingJobMode(SetRecordingJobModeRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordingJobState", ReplyAction = "*")]
    Task<GetRecordingJobStateResponse> GetRecordingJobState(GetRecordingJobStateRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetRecordingOptions", ReplyAction = "*")]
    Task<GetRecordingOptionsResponse> GetRecordingOptions(GetRecordingOptionsRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/ExportRecordedData", ReplyAction = "*")]
    Task<ExportRecordedDataResponse> ExportRecordedData(ExportRecordedDataRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/StopExportRecordedData", ReplyAction = "*")]
    Task<StopExportRecordedDataResponse> StopExportRecordedData(StopExportRecordedDataRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/GetExportRecordedDataState", ReplyAction = "*")]
    Task<GetExportRecordedDataStateResponse> GetExportRecordedDataState(GetExportRecordedDataStateRequest request);

    [OperationContract(Action = OnvifNamespaces.Recording + "/OverrideSegmentDuration", ReplyAction = "*")]
    Task<OverrideSegmentDurationResponse> OverrideSegmentDuration(OverrideSegmentDurationRequest request);
}
