using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// An appliance with one account per stored level (the fixture's administrator plus an Operator and a User), whose
/// every captured response (including refusals) is validated against the official schemas at the end.
/// </summary>
public sealed class AuthenticationFixture : ApplianceFixture
{
    public static readonly OnvifCredentials Operator = new("operator-1", "op-Secret-81");
    public static readonly OnvifCredentials Viewer = new("viewer-1", "view-Secret-72");

    public string BaseUrl { get; private set; } = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BaseUrl = Host.BaseUrls[0].TrimEnd('/');
        await Device.CallAsync("CreateUsers",
            $"<tds:User><tt:Username>{Operator.Username}</tt:Username><tt:Password>{Operator.Password}</tt:Password><tt:UserLevel>Operator</tt:UserLevel></tds:User>" +
            $"<tds:User><tt:Username>{Viewer.Username}</tt:Username><tt:Password>{Viewer.Password}</tt:Password><tt:UserLevel>User</tt:UserLevel></tds:User>");
    }

    public OnvifSoapClient Client(string path, string ns, OnvifCredentials credentials) => new(BaseUrl + path, ns, Capture, credentials);

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "authentication");
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
