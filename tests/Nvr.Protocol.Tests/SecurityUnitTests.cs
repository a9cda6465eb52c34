using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Nvr.Control.Device;
using Nvr.Protocol.Security;

namespace Nvr.Protocol.Tests;

/// <summary>The pieces of the authentication layer on virtual time: token window and replay cache, Digest nonces, backoff, policy, vault.</summary>
[Trait("Category", "Unit")]
public sealed class SecurityUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static UsernameToken Token(string created, byte[] nonce, string password = "pw") =>
        new("admin", UsernameToken.Digest(nonce, created, password), true, nonce, created);

    [Fact]
    public void A_token_is_accepted_inside_the_window_once_and_refused_outside_it()
    {
        var time = new FakeTimeProvider(T0);
        var verifier = new UsernameTokenVerifier(time, TimeSpan.FromMinutes(5));
        var nonce = RandomNumberGenerator.GetBytes(16);
        Assert.Null(verifier.Verify(Token("2026-12-02T06:04:59Z", nonce), "pw", overTls: false));
        Assert.Equal("the nonce was used before", verifier.Verify(Token("2026-12-02T06:04:59Z", nonce), "pw", overTls: false));
        Assert.Equal("Created is outside the accepted window", verifier.Verify(Token("2026-12-02T06:05:01Z", RandomNumberGenerator.GetBytes(16)), "pw", false));
        Assert.Equal("Created is outside the accepted window", verifier.Verify(Token("2026-12-02T05:54:59.999+00:00", RandomNumberGenerator.GetBytes(16)), "pw", false));
        Assert.Null(verifier.Verify(Token("2026-12-02T07:00:00.1234567+01:00", RandomNumberGenerator.GetBytes(16)), "pw", false));
        Assert.Equal("wrong password digest", verifier.Verify(Token("2026-12-02T06:00:00Z", RandomNumberGenerator.GetBytes(16), "other"), "pw", false));
        Assert.Equal("PasswordText is accepted only over TLS", verifier.Verify(new UsernameToken("admin", "pw", false, null, null), "pw", overTls: false));
        Assert.Null(verifier.Verify(new UsernameToken("admin", "pw", false, null, null), "pw", overTls: true));
    }

    [Fact]
    public void The_replay_cache_is_bounded_and_forgets_nonces_whose_window_is_over()
    {
        var time = new FakeTimeProvider(T0);
        var verifier = new UsernameTokenVerifier(time, TimeSpan.FromMinutes(5), capacity: 2);
        var first = RandomNumberGenerator.GetBytes(16);
        Assert.Null(verifier.Verify(Token("2026-12-02T06:00:00Z", first), "pw", false));
        Assert.Null(verifier.Verify(Token("2026-12-02T06:00:00Z", RandomNumberGenerator.GetBytes(16)), "pw", false));
        Assert.Null(verifier.Verify(Token("2026-12-02T06:00:00Z", RandomNumberGenerator.GetBytes(16)), "pw", false)); // evicts the oldest
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("Created is outside the accepted window", verifier.Verify(Token("2026-12-02T06:00:00Z", first), "pw", false));
    }

    [Theory]
    [InlineData("2026-12-02T06:00:00Z", true)]
    [InlineData("2026-12-02T06:00:00.5Z", true)]
    [InlineData("2026-12-02T06:00:00+00:00", true)]
    [InlineData("2026-12-02T06:00:00", false)]
    [InlineData("2026-12-02 06:00:00Z", false)]
    [InlineData("yesterday", false)]
    public void Created_needs_an_xs_dateTime_with_a_zone(string text, bool accepted) =>
        Assert.Equal(accepted, UsernameTokenVerifier.TryParseCreated(text, out _));

    [Fact]
    public void A_digest_nonce_expires_and_its_count_must_grow()
    {
        var time = new FakeTimeProvider(T0);
        var digest = new HttpDigestAuthenticator(time, "realm", ["SHA-256", "MD5"], TimeSpan.FromMinutes(5));
        var challenges = digest.Challenges(stale: false);
        Assert.Equal(2, challenges.Count);
        Assert.Contains("algorithm=SHA-256", challenges[0], StringComparison.Ordinal);
        var nonce = challenges[0].Split(", ").Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
        Assert.Equal("admin", digest.Verify(Answer(nonce, "00000001", "MD5"), "POST", "/onvif/device_service", _ => "pw").Username);
        Assert.Equal("the nonce count did not grow (replay)", digest.Verify(Answer(nonce, "00000001", "MD5"), "POST", "/onvif/device_service", _ => "pw").Reason);
        Assert.Equal("admin", digest.Verify(Answer(nonce, "00000002", "SHA-256"), "POST", "/onvif/device_service", _ => "pw").Username);
        Assert.Equal("the digest uri is not the request's", digest.Verify(Answer(nonce, "00000003", "MD5"), "POST", "/onvif/recording_service", _ => "pw").Reason);
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(digest.Verify(Answer(nonce, "00000004", "MD5"), "POST", "/onvif/device_service", _ => "pw").IsStale);
        Assert.Contains("stale=true", digest.Challenges(stale: true)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_without_qop_is_accepted_only_where_the_caller_allows_it_and_only_on_a_fresh_nonce_of_ours()
    {
        var time = new FakeTimeProvider(T0);
        var digest = new HttpDigestAuthenticator(time, "realm", ["MD5"], TimeSpan.FromHours(1));
        var nonce = digest.Challenges(stale: false)[0].Split(", ").Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
        const string Uri = "rtsp://127.0.0.1:8554/replay/REC0001";
        DigestCredentials Rfc2069(string forNonce, string password)
        {
            string H(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
            var response = H($"{H($"admin:realm:{password}")}:{forNonce}:{H($"DESCRIBE:{Uri}")}");
            return DigestCredentials.Parse($"Digest username=\"admin\", realm=\"realm\", nonce=\"{forNonce}\", uri=\"{Uri}\", response=\"{response}\"")!;
        }

        Assert.Equal("the Digest credentials miss a parameter", digest.Verify(Rfc2069(nonce, "pw"), "DESCRIBE", Uri, _ => "pw").Reason);
        Assert.Equal("admin", digest.Verify(Rfc2069(nonce, "pw"), "DESCRIBE", Uri, _ => "pw", acceptWithoutQop: true).Username);
        Assert.Equal("admin", digest.Verify(Rfc2069(nonce, "pw"), "DESCRIBE", Uri, _ => "pw", acceptWithoutQop: true).Username); // a session reuses its nonce
        Assert.Equal("wrong user name or password", digest.Verify(Rfc2069(nonce, "other"), "DESCRIBE", Uri, _ => "pw", acceptWithoutQop: true).Reason);
        Assert.Null(digest.Verify(Rfc2069("forged-nonce", "pw"), "DESCRIBE", Uri, _ => "pw", acceptWithoutQop: true).Username);
        time.Advance(TimeSpan.FromHours(2));
        Assert.True(digest.Verify(Rfc2069(nonce, "pw"), "DESCRIBE", Uri, _ => "pw", acceptWithoutQop: true).IsStale);
    }

    [Fact]
    public void Only_a_correct_digest_over_a_nonce_not_accepted_is_stale_a_wrong_one_is_refused()
    {
        var time = new FakeTimeProvider(T0);
        var digest = new HttpDigestAuthenticator(time, "realm", ["MD5"], TimeSpan.FromMinutes(5), capacity: 1);
        var first = NonceOf(digest.Challenges(stale: false)[0]);
        var second = NonceOf(digest.Challenges(stale: false)[0]); // the table holds one nonce: the first is forgotten
        var foreign = NonceOf(new HttpDigestAuthenticator(time, "realm", ["MD5"], TimeSpan.FromMinutes(5)).Challenges(stale: false)[0]);
        Assert.Equal("stale: the nonce was forgotten", digest.Verify(Answer(first, "00000001", "MD5"), "POST", "/onvif/device_service", _ => "pw").Reason);
        Assert.Equal("stale: the nonce was not issued here", digest.Verify(Answer(foreign, "00000001", "MD5"), "POST", "/onvif/device_service", _ => "pw").Reason);
        Assert.Equal("wrong user name or password", digest.Verify(Answer(foreign, "00000001", "MD5", "guess"), "POST", "/onvif/device_service", _ => "pw").Reason);
        Assert.Equal("admin", digest.Verify(Answer(second, "00000001", "MD5"), "POST", "/onvif/device_service", _ => "pw").Username);
        time.Advance(TimeSpan.FromMinutes(6));
        var expired = digest.Verify(Answer(second, "00000002", "MD5"), "POST", "/onvif/device_service", _ => "pw");
        Assert.True(expired.IsStale);
        Assert.Equal("stale: the nonce expired", expired.Reason);
        var guessed = digest.Verify(Answer(second, "00000003", "MD5", "guess"), "POST", "/onvif/device_service", _ => "pw");
        Assert.False(guessed.IsStale);
        Assert.Equal("wrong user name or password", guessed.Reason);
        Assert.False(digest.Verify(Answer(second, "00000004", "MD5"), "POST", "/onvif/device_service", _ => null).IsStale); // no such user
    }

    private static string NonceOf(string challenge) => challenge.Split(", ").Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];

    private static DigestCredentials Answer(string nonce, string nc, string algorithm, string password = "pw")
    {
        string H(string s) => Convert.ToHexStringLower(algorithm == "MD5" ? MD5.HashData(Encoding.UTF8.GetBytes(s)) : SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        var response = H($"{H($"admin:realm:{password}")}:{nonce}:{nc}:abc:auth:{H("POST:/onvif/device_service")}");
        return DigestCredentials.Parse(
            $"Digest username=\"admin\", realm=\"realm\", nonce=\"{nonce}\", uri=\"/onvif/device_service\", algorithm={algorithm}, qop=auth, nc={nc}, cnonce=\"abc\", response=\"{response}\"")!;
    }

    [Fact]
    public void Repeated_failures_back_off_doubling_up_to_a_cap_and_a_success_resets()
    {
        var time = new FakeTimeProvider(T0);
        var throttle = new FailureThrottle(time);
        var address = IPAddress.Loopback;
        var delays = Enumerable.Range(0, 12).Select(_ => throttle.Failed(address)).ToList();
        Assert.All(delays.Take(FailureThrottle.FreeFailures), d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(TimeSpan.FromMilliseconds(250), delays[5]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), delays[6]);
        Assert.Equal(FailureThrottle.MaxDelay, delays[11]);
        Assert.Equal(12, throttle.TotalFailures);
        Assert.Equal(TimeSpan.Zero, throttle.Failed(IPAddress.Parse("192.0.2.7"))); // another address is not slowed
        throttle.Succeeded(address);
        Assert.Equal(0, throttle.FailuresOf(address));
        Assert.Equal(13, throttle.TotalFailures);
    }

    [Fact]
    public void The_default_access_policy_is_Cores_table()
    {
        var rows = new Dictionary<AccessClass, (bool Admin, bool Operator, bool User, bool Anonymous)>
        {
            [AccessClass.PreAuth] = (true, true, true, true),
            [AccessClass.ReadSystem] = (true, true, true, false),
            [AccessClass.ReadSystemSensitive] = (true, true, false, false),
            [AccessClass.ReadSystemSecret] = (true, false, false, false),
            [AccessClass.WriteSystem] = (true, false, false, false),
            [AccessClass.Unrecoverable] = (true, false, false, false),
            [AccessClass.ReadMedia] = (true, true, true, false),
            [AccessClass.Actuate] = (true, true, false, false),
        };
        Assert.Equal(Enum.GetValues<AccessClass>().Length, rows.Count);
        foreach (var (access, row) in rows)
        {
            Assert.Equal(row, (AccessPolicy.Allows(UserLevel.Administrator, access), AccessPolicy.Allows(UserLevel.Operator, access),
                AccessPolicy.Allows(UserLevel.User, access), AccessPolicy.Allows(null, access)));
        }
    }

    [Fact]
    public void The_vault_seals_with_a_0600_key_and_refuses_tampered_or_foreign_text()
    {
        var directory = Directory.CreateTempSubdirectory("nvr-vault-").FullName;
        try
        {
            var vault = PasswordVault.ForDataDirectory(directory);
            var sealedText = vault.Seal("s3cret-ü");
            Assert.DoesNotContain("s3cret", sealedText, StringComparison.Ordinal);
            Assert.NotEqual(sealedText, vault.Seal("s3cret-ü")); // fresh nonce each time
            Assert.Equal("s3cret-ü", PasswordVault.ForDataDirectory(directory).Open(sealedText));
            var bytes = Convert.FromBase64String(sealedText[3..]);
            bytes[^1] ^= 1;
            Assert.Null(vault.Open("v1:" + Convert.ToBase64String(bytes)));
            Assert.Null(vault.Open("s3cret-ü"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, SecretFileMode.Of(Path.Combine(directory, PasswordVault.KeyFileName)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The Unix mode of a file (the appliance runs on Linux; on Windows the check is meaningless and passes).</summary>
internal static class SecretFileMode
{
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path);
}
