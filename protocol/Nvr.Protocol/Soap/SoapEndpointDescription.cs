using System.ServiceModel;

namespace Nvr.Protocol.Soap;

/// <summary>A SOAP endpoint: its path, the namespace of its operation elements and the operation names.</summary>
public sealed record SoapEndpointDescription(string Path, string Namespace, IReadOnlySet<string> Operations)
{
    /// <summary>Describes the operations of a service contract interface (the method names, as in the WSDL).</summary>
    public static SoapEndpointDescription For<TContract>(string path, string ns) => new(
        path,
        ns,
        typeof(TContract).GetMethods()
            .Where(m => m.IsDefined(typeof(OperationContractAttribute), inherit: false))
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal));
}
