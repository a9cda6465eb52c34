using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingJobModeResponse.</summary>
[MessageContract(WrapperName = "SetRecordingJobModeResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingJobModeResponse
{
}
