namespace Nvr.Load.Soak;

/// <summary>What one crash soak does (see Program for the options).</summary>
public sealed record SoakOptions
{
    /// <summary>Simulated cameras; even ones record to local disk, odd ones to S3 through the spool.</summary>
    public int Cameras { get; init; } = 4;

    /// <summary>How many times the appliance is SIGKILLed (and restarted).</summary>
    public int Kills { get; init; } = 100;

    /// <summary>Seed of the kill moments (printed, so a run can be repeated).</summary>
    public int Seed { get; init; } = Random.Shared.Next();

    public int SegmentSeconds { get; init; } = 2;

    /// <summary>A kill comes at a uniform moment within this time after recording resumed.</summary>
    public double MaxKillDelaySeconds { get; init; } = 5;

    /// <summary>Share of kills that come early: during start-up and recovery, before recording resumed.</summary>
    public double EarlyKillShare { get; init; } = 0.2;

    public string OutputDirectory { get; init; } = Path.Combine(Path.GetTempPath(), $"nvr-soak-{Guid.NewGuid():N}");

    /// <summary>Keep the data directories (default: deleted after a run without violation).</summary>
    public bool Keep { get; init; }

    /// <summary>Directory of tests/peers (s3-server.sh); default: found above the working directory or the harness.</summary>
    public string? PeersDirectory { get; init; }

    /// <summary>Deadline of every wait (recovery, resumption, upload, index).</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>What a soak found: restarts survived, objects checked, what was lost, and every violation.</summary>
public sealed class SoakReport
{
    public int Seed { get; init; }

    public int Cameras { get; init; }

    public int Restarts { get; set; }

    public int EarlyKills { get; set; }

    public int LocalSegmentsChecked { get; set; }

    public int S3ObjectsChecked { get; set; }

    public int RecoveredSegments { get; set; }

    public int DroppedPartials { get; set; }

    public long BytesCut { get; set; }

    public int IndexChecks { get; set; }

    public List<double> ResumeSeconds { get; } = [];

    public List<string> Violations { get; } = [];

    public TimeSpan Duration { get; set; }

    /// <summary>Stopped by Ctrl+C before all kills were done.</summary>
    public bool Interrupted { get; set; }

    public bool Clean => Violations.Count == 0;

    public void Violation(string text)
    {
        lock (Violations)
        {
            Violations.Add(text);
        }
    }
}
