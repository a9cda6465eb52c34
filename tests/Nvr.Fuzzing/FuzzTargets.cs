using Nvr.Fuzzing.Targets;

namespace Nvr.Fuzzing;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new RtspResponseTarget(),
        new RtspInterleavedTarget(),
        new RtspServerRequestTarget(),
        new SdpTarget(),
        new RtpRtcpTarget(),
        new H264DepacketizerTarget(),
        new H265DepacketizerTarget(),
        new AacDepacketizerTarget(),
        new G711DepacketizerTarget(),
        new MetadataDepacketizerTarget(),
        new H264SpsTarget(),
        new H265SpsTarget(),
        new H264SliceHeaderTarget(),
        new H265SliceHeaderTarget(),
        new AacConfigTarget(),
        new AdtsTarget(),
        new FragmentedMp4ReaderTarget(),
        new Fmp4FileTarget(),
        new ObjectKeyTarget(),
        new ICalendarTarget(),
        new SoapGuardTarget(),
        new UsernameTokenTarget(),
        new HttpDigestTarget(),
        new AccessPolicyTarget(),
        new MetadataEventTarget(),
        new SearchFilterTarget(),
        new EventFilterTarget(),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
