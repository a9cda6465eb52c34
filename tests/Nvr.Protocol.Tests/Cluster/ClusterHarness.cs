using System.Globalization;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// A cluster on one machine, all real processes on 127.0.0.1: Debian's PostgreSQL (the shared journal), s3rver (the
/// shared storage, token <c>s3</c>), the GStreamer camera server, and appliance processes in cluster mode with the
/// same seed list. Node 1 starts first (it creates the journal's tables and forms the cluster; it is the oldest, so
/// it hosts the singletons); the others get its user key (the sealed passwords of the shared user store open on
/// every node) and join.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly TempDirectory _root = new("nvr-cluster");
    private readonly int _postgresPort = TestTools.FreeTcpPort();
    private string _postgres = string.Empty;

    private readonly string _name;

    /// <param name="name">Names the nodes' logs kept after the run (the test class).</param>
    public ClusterHarness(int nodes, string name)
    {
        _name = name;
        Nodes = Enumerable.Range(1, nodes).Select(n => new ClusterNodeProcess(n, _root.Path)).ToList();
    }

    public IReadOnlyList<ClusterNodeProcess> Nodes { get; }

    public S3Server S3 { get; } = new();

    public RtspServerPeer Cameras { get; } = new();

    public IReadOnlyList<string> Seeds => Nodes.Select(n => n.Seed).ToList();

    private string PostgresDirectory => Path.Combine(_root.Path, "postgres");

    private IReadOnlyDictionary<string, string> Storages => new Dictionary<string, string> { ["s3"] = S3.StorageUri };

    public async Task StartAsync()
    {
        var postgres = TestTools.RunAsync("bash", [TestTools.PeerScript("postgres-server.sh"), "start", _postgresPort.ToString(CultureInfo.InvariantCulture), PostgresDirectory], TimeSpan.FromMinutes(5));
        await Task.WhenAll(postgres, S3.StartAsync(), Cameras.StartAsync());
        _postgres = (await postgres).Output.Trim().Split('\n')[^1];
        await Nodes[0].StartAsync(_postgres, Seeds, Storages);
        foreach (var node in Nodes.Skip(1))
        {
            File.Copy(Path.Combine(Nodes[0].DataDirectory, "user-key"), Path.Combine(node.DataDirectory, "user-key"), overwrite: true);
        }

        await Task.WhenAll(Nodes.Skip(1).Select(n => n.StartAsync(_postgres, Seeds, Storages)));
        await Task.WhenAll(Nodes.Select(n => Nodes[0].WaitForLine(l => l.Contains($"cluster: member up akka.tcp://nvr@{n.Seed}", StringComparison.Ordinal))))
            .WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Starts a stopped (killed) node again with the same data directory and ports.</summary>
    public Task RestartAsync(ClusterNodeProcess node) => node.StartAsync(_postgres, Seeds, Storages);

    /// <summary>
    /// The video segments of <paramref name="recording"/> in the index every node shares (PostgreSQL), whichever node
    /// wrote them, oldest first.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, string Key)> Segments(string recording)
    {
        using var connection = new Npgsql.NpgsqlConnection(_postgres);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start_ticks, end_ticks, key FROM segment_ranges WHERE recording = @r AND track = 'VIDEO001' ORDER BY start_ticks";
        command.Parameters.AddWithValue("r", recording);
        try
        {
            using var reader = command.ExecuteReader();
            var segments = new List<(DateTimeOffset, DateTimeOffset, string)>();
            while (reader.Read())
            {
                segments.Add((new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(2)));
            }

            return segments;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return []; // no node has opened the index yet
        }
    }

    /// <summary>
    /// For a failure message (CI keeps only that): per node, whether it runs, the segments it wrote for
    /// <paramref name="recording"/>, and its last log lines about the recording, the writer lease, warnings and errors.
    /// </summary>
    public string Diagnosis(string recording)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"index segments of {recording}: {Segments(recording).Count}");
        foreach (var node in Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nnode {node.Number}: running {node.IsRunning}, segments written {node.SegmentsWritten(recording)}");
            var lines = node.FullLog.Split('\n')
                .Where(l => l.Contains(recording, StringComparison.Ordinal) || l.Contains("writer lease", StringComparison.Ordinal) ||
                            l.Contains("WARN", StringComparison.OrdinalIgnoreCase) || l.Contains("ERROR", StringComparison.OrdinalIgnoreCase) ||
                            l.Contains("fail", StringComparison.OrdinalIgnoreCase))
                .TakeLast(10);
            foreach (var line in lines)
            {
                text.Append("\n  ").Append(line.Length > 300 ? line[..300] : line);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // the nodes' logs outlive the run (diagnosis of a failed run): TMP/nvr-cluster-logs/NAME-nodeN.log
        var logs = Path.Combine(Path.GetTempPath(), "nvr-cluster-logs");
        Directory.CreateDirectory(logs);
        foreach (var node in Nodes)
        {
            node.Dispose();
            await File.WriteAllTextAsync(Path.Combine(logs, $"{_name}-node{node.Number}.log"), node.FullLog);
        }

        await Cameras.StopAsync();
        await S3.DisposeAsync();
        await TestTools.RunUncheckedAsync("bash", [TestTools.PeerScript("postgres-server.sh"), "stop", _postgresPort.ToString(CultureInfo.InvariantCulture), PostgresDirectory], TimeSpan.FromMinutes(2));
        _root.Dispose();
    }
}
