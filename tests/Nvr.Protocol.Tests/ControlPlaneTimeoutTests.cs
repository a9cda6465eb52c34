using System.ServiceModel;
using Akka.Actor;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// A command the control plane does not answer (in cluster mode: the control singleton is moving; here its actors are
/// stopped, so asks go unanswered) is answered with the SOAP 1.2 fault env:Receiver/ter:Action whose reason names
/// the timeout and says to retry (docs/cluster.md), never a bare HTTP 500: through SoapCore's operations and
/// through the authentication middleware before any service runs.
/// </summary>
public sealed class ControlPlaneTimeoutTests : IClassFixture<ControlPlaneTimeoutTests.ShortTimeoutFixture>
{
    private readonly ShortTimeoutFixture _fixture;

    public ControlPlaneTimeoutTests(ShortTimeoutFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_command_the_control_plane_does_not_answer_gets_a_Receiver_Action_fault_saying_retry()
    {
        var control = _fixture.Host.Control;
        await _fixture.Recording.CallAsync("GetRecordings"); // answered while the control plane answers

        // recording control answers nothing from here on: the recording service's operation times out inside SoapCore
        Assert.True(await control.RecordingControl.GracefulStop(TimeSpan.FromSeconds(30)));
        await AssertTimeoutFaultAsync(_fixture.Recording, "GetRecordings");

        // the users cannot be read either: authentication itself times out, before any service runs
        Assert.True(await control.DeviceSettings.GracefulStop(TimeSpan.FromSeconds(30)));
        await AssertTimeoutFaultAsync(_fixture.Events, "CreatePullPointSubscription");
        await AssertTimeoutFaultAsync(_fixture.Device, "GetUsers");

        await OnvifValidator.AssertValidAsync(_fixture.Capture, "control-plane-timeout");
    }

    private static async Task AssertTimeoutFaultAsync(OnvifSoapClient client, string operation)
    {
        var fault = await Assert.ThrowsAsync<FaultException>(() => client.CallAsync(operation));
        Assert.Equal("Receiver/Action", OnvifSoapClient.FaultChain(fault));
        Assert.Equal("the control plane did not answer within 2 s; retry", fault.Reason.GetMatchingTranslation().Text);
    }

    public sealed class ShortTimeoutFixture : ApplianceFixture
    {
        protected override ApplianceOptions Configure(ApplianceOptions options) => options with { ControlCommandTimeout = TimeSpan.FromSeconds(2) };
    }
}
