namespace Oms.Sdk.Tests.Tool;

/// <summary>Help on every command, the documented exit codes, and usage errors.</summary>
[Collection(typeof(OmsToolCollection))]
public sealed class OmsHelpTests(InstalledOmsTool oms)
{
    [Theory]
    [InlineData("fake", "--webhook-url")]
    [InlineData("trigger", "--retries")]
    [InlineData("verify", "--headers")]
    [InlineData("customers", "--fake")]
    [InlineData("customers get", "<customer-id>")]
    [InlineData("customers list", "--cursor")]
    [InlineData("customers create", "--endorsement")]
    public async Task Every_command_has_help(string command, string option)
    {
        var run = await oms.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"oms {command}", run.Output, StringComparison.Ordinal);
        Assert.Contains(option, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_help_lists_the_commands_and_the_exit_codes()
    {
        var run = await oms.RunAsync(["--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Exit codes: 0 success; 1 failed", run.Output, StringComparison.Ordinal);
        Assert.All(["fake", "trigger", "verify", "customers"], c => Assert.Matches($@"(?m)^  {c}\b", run.Output));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("trigger customer.deleted --to http://127.0.0.1:1/ --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("trigger customer.endorsement.granted --to not-a-url --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("customers list --limit 500 --fake")]
    public async Task A_usage_error_exits_with_2_and_points_at_help(string arguments)
    {
        var run = await oms.RunAsync(arguments.Split(' '));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", run.Output, StringComparison.Ordinal);
    }
}
