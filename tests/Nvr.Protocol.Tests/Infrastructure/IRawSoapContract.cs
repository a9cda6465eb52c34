using System.ServiceModel;
using System.ServiceModel.Channels;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// The client side contract: an untyped WCF operation, so the requests are the test's own XML written from the
/// WSDL (independent of the server's serializer classes) while WCF does the SOAP 1.2 transport and fault parsing.
/// </summary>
[ServiceContract]
public interface IRawSoapContract
{
    [OperationContract(Action = "*", ReplyAction = "*")]
    Task<Message> CallAsync(Message request);
}
