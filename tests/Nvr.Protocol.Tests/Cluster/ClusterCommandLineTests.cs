using Nvr.Appliance;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>Cluster mode on the command line and in the config file; without it a node is a single node.</summary>
public sealed class ClusterCommandLineTests
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Username=postgres;Database=nvr";

    [Fact]
    public void Without_cluster_options_the_appliance_is_a_single_node()
    {
        Assert.Null(ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli"]).Cluster);
        Assert.Null(ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli", "--postgres", Postgres]).Cluster);
    }

    [Fact]
    public void Cluster_port_and_seeds_make_a_node_on_the_host_of_its_first_url()
    {
        var cluster = ApplianceCommandLine.Parse([
            "--urls", "http://10.0.0.7:8080", "--postgres", Postgres, "--cluster-port", "4053",
            "--cluster-seed", "10.0.0.5:4053", "--cluster-seed", "10.0.0.6:4053"]).Cluster!;
        Assert.Equal(("10.0.0.7", 4053), (cluster.Host, cluster.Port));
        Assert.Equal(["10.0.0.5:4053", "10.0.0.6:4053"], cluster.Seeds);
        Assert.Equal(["127.0.0.1:4100"], ApplianceCommandLine.Parse(["--urls", "http://127.0.0.1:8080", "--postgres", Postgres, "--cluster-port", "4100"]).Cluster!.Seeds);
    }

    [Fact]
    public void The_config_file_has_a_cluster_section_and_the_command_line_wins()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nvr-cluster-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"postgres": "Host=127.0.0.1", "urls": "http://127.0.0.1:8080", "cluster": {"port": 4200, "seeds": ["127.0.0.1:4200", "127.0.0.1:4201"]}}""");
        try
        {
            var fromFile = ApplianceCommandLine.Parse(["--config", file]).Cluster!;
            Assert.Equal((4200, 2), (fromFile.Port, fromFile.Seeds.Count));
            var overridden = ApplianceCommandLine.Parse(["--config", file, "--cluster-port", "4300", "--cluster-seed", "127.0.0.1:4300"]).Cluster!;
            Assert.Equal((4300, "127.0.0.1:4300"), (overridden.Port, overridden.Seeds.Single()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--cluster-port needs --postgres", "--cluster-port", "4053")]
    [InlineData("--cluster-seed needs --cluster-port", "--postgres", Postgres, "--cluster-seed", "127.0.0.1:4053")]
    [InlineData("--cluster-seed takes HOST:PORT, got '127.0.0.1'", "--postgres", Postgres, "--cluster-port", "4053", "--cluster-seed", "127.0.0.1")]
    [InlineData("--cluster-port takes 1..65535, got 70000", "--postgres", Postgres, "--cluster-port", "70000")]
    [InlineData("not a wildcard", "--urls", "http://0.0.0.0:8080", "--postgres", Postgres, "--cluster-port", "4053")]
    public void Bad_cluster_options_are_refused_naming_the_option(string message, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => ApplianceCommandLine.Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
