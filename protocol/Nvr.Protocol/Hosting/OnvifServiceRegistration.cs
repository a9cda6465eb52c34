using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;
using SoapCore;

namespace Nvr.Protocol.Hosting;

/// <summary>Registers ONVIF services: one call per service adds its implementation, endpoint and descriptor.</summary>
public static class OnvifServiceRegistration
{
    /// <summary>
    /// A SoapCore service: <typeparamref name="TService"/> implements <typeparamref name="TContract"/>;
    /// <paramref name="capabilities"/> builds the wire object its GetServiceCapabilities returns (call the same
    /// function there).
    /// </summary>
    public static IServiceCollection AddOnvifSoapService<TContract, TService>(
        this IServiceCollection services, string ns, string path, string prefix, string version,
        Func<IServiceProvider, object> capabilities, LegacyCapability? legacy = null,
        IReadOnlyDictionary<string, AccessClass>? accessClasses = null)
        where TService : class
    {
        services.AddSingleton<TService>();
        services.AddSingleton(new OnvifServiceDescriptor(
            ns, path, prefix, OnvifVersion.Parse(version),
            provider => CapabilityXml.Serialize(capabilities(provider), ns),
            SoapEndpointDescription.For<TContract>(path, ns),
            app => app.UseSoapEndpoint<TService>(options => SoapEndpointOptions.Configure(options, path, app.ApplicationServices)))
        {
            Legacy = legacy,
            AccessClasses = accessClasses ?? new Dictionary<string, AccessClass>(),
        });
        return services;
    }

    /// <summary>A service written without SoapCore (its endpoint maps itself).</summary>
    public static IServiceCollection AddOnvifService(this IServiceCollection services, OnvifServiceDescriptor descriptor) =>
        services.AddSingleton(descriptor);

    /// <summary>Every registered service, in registration order.</summary>
    public static IReadOnlyList<OnvifServiceDescriptor> Services(IServiceProvider provider) =>
        provider.GetServices<OnvifServiceDescriptor>().ToList();

    public static XElement Element(XNamespace ns, string name, object? content) => new(ns + name, content);
}
