using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Hosting;

/// <summary>
/// What one HTTP client may hold of the appliance (Kestrel limits, applied to every listener): connections open at
/// once, the time to send a request's headers (slow-loris), how long an idle connection stays open, header and body
/// sizes and the slowest body upload accepted. docs/operations.md lists the defaults; the hostile-client tests
/// (HostileClientTests) shrink the timeouts to prove them.
/// </summary>
public sealed record HttpLimits
{
    public static HttpLimits Default { get; } = new();

    /// <summary>TCP connections open at once (HTTP and HTTPS listeners together); further ones are closed at accept.</summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>Time from a request's first byte to the end of its headers; a slower client is disconnected (408).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An open connection without a request in progress is closed after this long (a new one never sent anything, too).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Request line plus headers, bytes (431 above).</summary>
    public int MaxRequestHeadersBytes { get; init; } = 32 * 1024;

    /// <summary>Request line, bytes (414 above).</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Header fields per request (431 above).</summary>
    public int MaxRequestHeaderCount { get; init; } = 64;

    /// <summary>Request body, bytes (413 above); the SOAP guard refuses bodies above its own 1 MiB with an ONVIF fault first.</summary>
    public long MaxRequestBodyBytes { get; init; } = SoapGuardMiddleware.MaxBodyBytes * 2L;

    /// <summary>Slowest body upload accepted after <see cref="MinBodyRateGrace"/>, bytes per second; a slower client is disconnected.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>Grace period before <see cref="MinRequestBodyBytesPerSecond"/> applies.</summary>
    public TimeSpan MinBodyRateGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Applies these limits to Kestrel.</summary>
    public void ApplyTo(KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = MaxConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConnections;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
        limits.MinRequestBodyDataRate = new MinDataRate(MinRequestBodyBytesPerSecond, MinBodyRateGrace);
    }
}
