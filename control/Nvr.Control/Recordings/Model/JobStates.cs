namespace Nvr.Control.Recordings.Model;

/// <summary>The state words of seed 5.19 Table 3.</summary>
public static class JobStates
{
    public const string Idle = "Idle";
    public const string Active = "Active";
    public const string PartiallyActive = "PartiallyActive";
    public const string Error = "Error";

    /// <summary>The state word of a track's data-path state.</summary>
    public static string Of(Nvr.Recording.TrackRecordingState state) => state switch
    {
        Nvr.Recording.TrackRecordingState.Active => Active,
        Nvr.Recording.TrackRecordingState.Error => Error,
        _ => Idle,
    };

    /// <summary>Aggregates sub-node states: any Error → Error; all Active → Active; all Idle (or none) → Idle; else PartiallyActive.</summary>
    public static string Aggregate(IEnumerable<string> states)
    {
        bool any = false, anyActive = false, anyIdle = false;
        foreach (var state in states)
        {
            any = true;
            switch (state)
            {
                case Error:
                    return Error;
                case Active:
                    anyActive = true;
                    break;
                case PartiallyActive:
                    anyActive = true;
                    anyIdle = true;
                    break;
                default:
                    anyIdle = true;
                    break;
            }
        }

        if (!any || !anyActive)
        {
            return Idle;
        }

        return anyIdle ? PartiallyActive : Active;
    }
}
