using Nvr.Control.Recordings.Messages;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording;

/// <summary>Maps control-plane refusals to the exact faults of the seed (5.4–5.24).</summary>
public static class ControlFaultMapping
{
    public static OnvifFaultException ToFault(this CommandRejected rejected) => rejected.Fault switch
    {
        ControlFault.NoRecording => OnvifFaults.InvalidArgVal("NoRecording", rejected.Reason),
        ControlFault.NoTrack => OnvifFaults.InvalidArgVal("NoTrack", rejected.Reason),
        ControlFault.NoRecordingJob => OnvifFaults.InvalidArgVal("NoRecordingJob", rejected.Reason),
        ControlFault.NoReceiver => OnvifFaults.InvalidArgVal("UnknownToken", rejected.Reason),
        ControlFault.BadConfiguration => OnvifFaults.BadConfiguration(rejected.Reason),
        ControlFault.BadMode => OnvifFaults.InvalidArgVal("BadMode", rejected.Reason),
        ControlFault.BadDuration => OnvifFaults.InvalidArgVal("BadDuration", rejected.Reason),
        ControlFault.MaxRecordings => OnvifFaults.Action("MaxRecordings", rejected.Reason),
        ControlFault.MaxTracks => OnvifFaults.Action("MaxTracks", rejected.Reason),
        ControlFault.MaxRecordingJobs => OnvifFaults.Action("MaxRecordingJobs", rejected.Reason),
        ControlFault.MaxReceivers => OnvifFaults.Action("MaxReceivers", rejected.Reason),
        ControlFault.CannotDelete => OnvifFaults.Action("CannotDelete", rejected.Reason),
        _ => OnvifFaults.Internal(rejected.Reason),
    };
}
