using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nvr.Control.Device;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The engine appliance (real GStreamer camera) with console users created through the control plane, as the
/// device service stores them: the sealed form here is a test stand-in opened by the injected unseal function.
/// </summary>
public sealed class ConsoleApplianceFixture : EngineApplianceFixture
{
    public const string AdminPassword = "console-admin-pw";
    public const string ViewerPassword = "console-viewer-pw";
    private const string SealPrefix = "test-sealed:";

    public string BaseUrl => Host.BaseUrls[0].TrimEnd('/');

    protected override string ValidationLabel => "console";

    protected override ApplianceOptions Configure(ApplianceOptions options) =>
        options with { UnsealPassword = sealedPassword => sealedPassword.StartsWith(SealPrefix, StringComparison.Ordinal) ? sealedPassword[SealPrefix.Length..] : null };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var reply = await Host.Control.AskDeviceAsync(new CreateUsers([
            new StoredUser("admin", UserLevel.Administrator, SealPrefix + AdminPassword),
            new StoredUser("viewer", UserLevel.User, SealPrefix + ViewerPassword),
        ]));
        Assert.IsType<DeviceSettingsChanged>(reply);
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
