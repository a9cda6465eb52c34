using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>The engine appliance (GStreamer camera) with a client of the search service; every response schema-validated.</summary>
public sealed class SearchApplianceFixture : EngineApplianceFixture
{
    public OnvifSoapClient Search { get; private set; } = null!;

    public string IndexPath => Path.Combine(DataDirectory, "index.db");

    protected override string ValidationLabel => "search";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Search = new OnvifSoapClient(Host.SearchServiceUrls[0], OnvifSoapClient.Tse, Capture);
    }

    public override async Task DisposeAsync()
    {
        await Search.DisposeAsync();
        await base.DisposeAsync();
    }
}
