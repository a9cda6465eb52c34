using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Search;

/// <summary>The search service over HTTP (<see cref="XmlSoapEndpoint"/>); result requests block with the request's cancellation.</summary>
public static class SearchEndpoint
{
    private static readonly (string, string)[] Declarations =
    [
        ("tse", OnvifNamespaces.Search), ("tt", OnvifNamespaces.Schema),
        ("wsnt", Events.EventXml.Wsnt.NamespaceName), ("tns1", Events.EventXml.Tns1.NamespaceName),
    ];

    public static Task HandleAsync(HttpContext context) => XmlSoapEndpoint.HandleAsync(
        context, (request, http) => http.RequestServices.GetRequiredService<SearchService>().HandleAsync(request, http.RequestAborted), "search", Declarations);
}
