using System.Text;
using Akka.Actor;
using Nvr.Control.Device;
using Nvr.Control.Persistence;

namespace Nvr.Control.Tests;

/// <summary>
/// Stored users across the password-history change: a user journaled before it (manifest v1, no history) still reads,
/// new writes use v2 and keep the history hashes and the policies.
/// </summary>
public sealed class DeviceEventSerializationTests : SqliteTestKit
{
    [Fact]
    public void A_v1_user_reads_without_history_and_new_users_keep_theirs_under_v2()
    {
        var serializer = new ControlEventSerializer((ExtendedActorSystem)Sys);
        var v1 = Encoding.UTF8.GetBytes("{\"Username\":\"night\",\"Level\":\"Operator\",\"SealedPassword\":\"sealed\"}");
        var old = (UserSaved)serializer.FromBinary(v1, "device-user-saved.v1");
        Assert.Equal(("night", UserLevel.Operator, "sealed"), (old.Username, old.Level, old.SealedPassword));
        Assert.Null(old.PasswordHistory);

        var saved = new UserSaved("night", UserLevel.User, "sealed-2", ["pbkdf2-sha256$1$AA==$AA=="]);
        Assert.Equal("device-user-saved.v2", serializer.Manifest(saved));
        var read = (UserSaved)serializer.FromBinary(serializer.ToBinary(saved), serializer.Manifest(saved));
        Assert.Equal(saved.PasswordHistory, read.PasswordHistory);

        var warning = new AuthFailureWarningConfigured(new AuthFailureWarningPolicy(true, TimeSpan.FromSeconds(120), 7));
        Assert.Equal(warning, serializer.FromBinary(serializer.ToBinary(warning), serializer.Manifest(warning)));
        var history = new PasswordHistoryConfigured(new PasswordHistoryPolicy(true, 3));
        Assert.Equal(history, serializer.FromBinary(serializer.ToBinary(history), serializer.Manifest(history)));
    }
}
