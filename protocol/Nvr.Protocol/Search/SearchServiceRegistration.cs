using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Search;

/// <summary>
/// The search service's descriptor: listed by GetServices (and, as tt:SearchCapabilities, by legacy GetCapabilities),
/// mapped without SoapCore (blocking result requests, XPath over XElement), its envelopes checked by the guard.
/// </summary>
public static class SearchServiceRegistration
{
    /// <summary>
    /// The access class of every search.wsdl operation, as the Recording Search spec states: GetServiceCapabilities
    /// PRE_AUTH, every other operation READ_MEDIA.
    /// </summary>
    public static IReadOnlyDictionary<string, AccessClass> AccessClasses { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["GetServiceCapabilities"] = AccessClass.PreAuth,
        ["GetRecordingSummary"] = AccessClass.ReadMedia,
        ["GetRecordingInformation"] = AccessClass.ReadMedia,
        ["GetMediaAttributes"] = AccessClass.ReadMedia,
        ["FindRecordings"] = AccessClass.ReadMedia,
        ["GetRecordingSearchResults"] = AccessClass.ReadMedia,
        ["FindEvents"] = AccessClass.ReadMedia,
        ["GetEventSearchResults"] = AccessClass.ReadMedia,
        ["FindPTZPosition"] = AccessClass.ReadMedia,
        ["GetPTZPositionSearchResults"] = AccessClass.ReadMedia,
        ["FindMetadata"] = AccessClass.ReadMedia,
        ["GetMetadataSearchResults"] = AccessClass.ReadMedia,
        ["GetSearchState"] = AccessClass.ReadMedia,
        ["EndSearch"] = AccessClass.ReadMedia,
    };

    public static OnvifServiceDescriptor Descriptor { get; } = new(
        OnvifNamespaces.Search,
        OnvifServicePaths.Search,
        "tse",
        OnvifVersion.Parse(SearchService.Version),
        _ => SearchService.CapabilitiesOf(),
        new SoapEndpointDescription(OnvifServicePaths.Search, OnvifNamespaces.Search, AccessClasses.Keys.ToHashSet(StringComparer.Ordinal)),
        app => app.Map(new PathString(OnvifServicePaths.Search), branch => branch.Run(SearchEndpoint.HandleAsync)))
    {
        Legacy = new LegacyCapability("Search", (_, xaddr) =>
        [
            new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "XAddr", xaddr),
            new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "MetadataSearch", false),
        ]),
        AccessClasses = AccessClasses,
    };
}
