using Nvr.Appliance;

namespace Nvr.Protocol.Tests;

/// <summary>The first administrator's options: --admin-user, --admin-password, NVR_ADMIN_PASSWORD, config keys.</summary>
[Trait("Category", "Unit")]
public sealed class AdministratorOptionTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Without_options_the_administrator_is_admin_and_the_password_is_left_to_generate()
    {
        var options = ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli"], NoEnvironment);
        Assert.Equal("admin", options.AdminUser);
        Assert.Null(options.AdminPassword);
    }

    [Fact]
    public void The_command_line_wins_over_the_environment_which_wins_over_the_config_file()
    {
        var config = Path.Combine(Path.GetTempPath(), $"nvr-admin-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "adminUser": "root", "adminPassword": "from-config" }""");
        try
        {
            var fromConfig = ApplianceCommandLine.Parse(["--config", config], NoEnvironment);
            Assert.Equal(("root", "from-config"), (fromConfig.AdminUser, fromConfig.AdminPassword));
            var fromEnvironment = ApplianceCommandLine.Parse(["--config", config], n => n == ApplianceCommandLine.AdminPasswordVariable ? "from-env" : null);
            Assert.Equal("from-env", fromEnvironment.AdminPassword);
            var fromCommandLine = ApplianceCommandLine.Parse(["--config", config, "--admin-user", "boss", "--admin-password", "from-cli"], _ => "from-env");
            Assert.Equal(("boss", "from-cli"), (fromCommandLine.AdminUser, fromCommandLine.AdminPassword));
        }
        finally
        {
            File.Delete(config);
        }
    }
}
