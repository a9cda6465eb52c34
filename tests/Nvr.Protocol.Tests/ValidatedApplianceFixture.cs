using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>An appliance whose every captured response is validated against the official schemas at the end.</summary>
public sealed class ValidatedApplianceFixture : ApplianceFixture
{
    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "recording-service");
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
