using Nvr.Control.Exports;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>
/// Encryption keys across SetRecordingConfiguration: a dropped entry's key stays a content key of the recording
/// (segments written with it must still decrypt for replay, export and the console), and a KID cannot change its key.
/// </summary>
public sealed class KeyRotationTests : SqliteTestKit
{
    private const string FirstKid = "00112233445566778899aabbccddeeff";
    private const string SecondKid = "ffeeddccbbaa99887766554433221100";
    private static readonly byte[] FirstKey = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] SecondKey = Enumerable.Range(17, 16).Select(i => (byte)i).ToArray();

    private static RecordingConfiguration With(string kid, byte[]? key) => CameraRecording("rotating") with
    {
        Target = new RecordingTarget("local", "MP4", "site-2", "rotating", null, TimeSpan.FromSeconds(10), [new EncryptionEntry("CENC", kid, key, [])]),
    };

    [Fact]
    public void A_rotated_key_is_kept_for_the_segments_written_with_it_and_a_KID_never_changes_its_key()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording("rotating"))).RecordingToken;
        Ask<CommandDone>(control, new SetRecordingConfiguration(recording, With(FirstKid, FirstKey)));
        Ask<CommandDone>(control, new SetRecordingConfiguration(recording, With(SecondKid, SecondKey)));

        var keys = Ask<RecordingKeysReply>(control, new GetRecordingKeys(recording)).Keys;
        Assert.Equal(FirstKey, keys[FirstKid]);
        Assert.Equal(SecondKey, keys[SecondKid]);

        // The configuration shows only the current entry; re-sending it without Key keeps it, with another Key is refused.
        var shown = Ask<RecordingConfigurationReply>(control, new GetRecordingConfiguration(recording)).Configuration.Target!.Encryption;
        Assert.Equal([SecondKid], shown.Select(e => e.Kid));
        Ask<CommandDone>(control, new SetRecordingConfiguration(recording, With(SecondKid, null)));
        var refused = Rejected(control, new SetRecordingConfiguration(recording, With(SecondKid, FirstKey)));
        Assert.Equal(ControlFault.BadConfiguration, refused.Fault);
        Assert.Contains("new KID", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(SecondKey, Ask<RecordingKeysReply>(control, new GetRecordingKeys(recording)).Keys[SecondKid]);
    }
}
