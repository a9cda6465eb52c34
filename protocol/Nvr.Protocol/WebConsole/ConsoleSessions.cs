using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Console sessions held by the appliance (in memory; a restart logs everyone out). The browser holds only a random
/// 256-bit id in an HttpOnly, SameSite=Strict cookie; each session has its own CSRF token that every state-changing
/// API call must send in the <see cref="CsrfHeader"/> header. Sessions expire after <see cref="Lifetime"/> idle.
/// </summary>
public sealed class ConsoleSessions(TimeProvider time)
{
    public const string CookieName = "nvr_console";
    public const string CsrfHeader = "X-CSRF-Token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    public ConsoleSession Open(ConsoleUser user, HttpContext context)
    {
        var id = NewToken();
        var session = new ConsoleSession(id, user, NewToken()) { LastSeen = time.GetUtcNow() };
        _sessions[id] = session;
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return session;
    }

    /// <summary>The live session of the request's cookie, or null (none, unknown or expired).</summary>
    public ConsoleSession? Find(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var id) || id is null || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now - session.LastSeen > Lifetime)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        session.LastSeen = now;
        return session;
    }

    /// <summary>True when the request carries the session's CSRF token.</summary>
    public static bool CsrfValid(HttpContext context, ConsoleSession session) =>
        context.Request.Headers.TryGetValue(CsrfHeader, out var sent) && sent.Count == 1 && sent[0] is { } token &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(token), System.Text.Encoding.ASCII.GetBytes(session.Csrf));

    public void Close(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is not null)
        {
            _sessions.TryRemove(id, out _);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}

/// <summary>One logged-in browser.</summary>
public sealed class ConsoleSession(string id, ConsoleUser user, string csrf)
{
    public string Id { get; } = id;

    public ConsoleUser User { get; } = user;

    public string Csrf { get; } = csrf;

    public DateTimeOffset LastSeen { get; set; }
}
