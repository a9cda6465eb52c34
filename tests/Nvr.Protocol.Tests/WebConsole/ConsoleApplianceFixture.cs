using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The engine appliance (real GStreamer camera) whose console users are the appliance's own: the administrator the
/// fixture starts with and a User-level "viewer" created over SOAP (CreateUsers), so a console login checks the
/// password the device service sealed with the data directory's key.
/// </summary>
public class ConsoleApplianceFixture : EngineApplianceFixture
{
    public static readonly string AdminPassword = OnvifCredentials.Admin.Password;
    public const string ViewerPassword = "console-viewer-Pw1";

    public string BaseUrl => Host.BaseUrls[0].TrimEnd('/');

    protected override string ValidationLabel => "console";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal("admin", OnvifCredentials.Admin.Username); // the console tests log in as "admin"
        await Device.CallAsync("CreateUsers", $"<tds:User><tt:Username>viewer</tt:Username><tt:Password>{ViewerPassword}</tt:Password><tt:UserLevel>User</tt:UserLevel></tds:User>");
    }

    public ConsoleClient NewClient() => new(BaseUrl);
}

/// <summary>A browser-like HTTP client of the console: its own cookie jar, the CSRF token of its session.</summary>
public sealed class ConsoleClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

    public string? Csrf { get; private set; }

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> LoginAsync(string user, string password)
    {
        var response = await _http.PostAsJsonAsync("/api/login", new { user, password });
        if (response.IsSuccessStatusCode)
        {
            Csrf = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrf").GetString();
        }

        return response;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withCsrf && Csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", Csrf);
        }

        return _http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The console appliance with a real s3rver bound as storage token "s3" (started and stopped here).</summary>
public sealed class ConsoleS3ApplianceFixture : ConsoleApplianceFixture
{
    public S3Server S3 { get; } = new();

    protected override IReadOnlyDictionary<string, string> Storages =>
        new Dictionary<string, string>(base.Storages) { ["s3"] = S3.StorageUri };

    protected override string ValidationLabel => "console-s3";

    protected override Task StartPeersAsync() => S3.StartAsync();

    protected override async Task StopPeersAsync() => await S3.DisposeAsync();
}
