using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingConfigurationResponse.</summary>
[MessageContract(WrapperName = "SetRecordingConfigurationResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingConfigurationResponse
{
}
