using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oms.Sdk.Tests.Tool;

/// <summary><c>oms customers</c> against <c>oms fake</c> (through the environment) and against its own throw-away fake.</summary>
[Collection(typeof(OmsToolCollection))]
public sealed class OmsCustomersCommandTests(InstalledOmsTool oms)
{
    [Fact]
    public async Task Create_then_list_and_get_as_JSON_against_a_running_fake_named_by_the_environment()
    {
        await using var fake = await oms.StartFakeAsync();
        var account = new Dictionary<string, string?>
        {
            ["OMS_API_KEY"] = fake.ApiKey,
            ["OMS_API_SECRET"] = fake.ApiSecret,
            ["OMS_BASE_URL"] = fake.BaseAddress.ToString(),
        };

        var created = await oms.RunAsync(["customers", "create", "--first-name", "Jane", "--last-name", "Smith", "--email", "jane@example.com", "--endorsement", "usd"], account);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Matches(@"(?m)^ID\s+NAME\s+EMAIL\s+STATUS\s+ENDORSEMENTS\s+CREATED$", created.Output);
        var id = Regex.Match(created.Output, @"(?m)^(cst_\w+)\s+Jane Smith\s+jane@example\.com\s+active\s+").Groups[1].Value;
        Assert.NotEmpty(id);

        var listed = await oms.RunAsync(["customers", "list", "--json"], account);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var page = JsonDocument.Parse(listed.Output);
        Assert.Equal(id, Assert.Single(page.RootElement.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(page.RootElement.GetProperty("hasMore").GetBoolean());

        var got = await oms.RunAsync(["customers", "get", id, "--json"], account);
        Assert.True(got.ExitCode == 0, got.ToString());
        using var customer = JsonDocument.Parse(got.Output);
        Assert.Equal("jane@example.com", customer.RootElement.GetProperty("email").GetString());
        Assert.Equal("usd", customer.RootElement.GetProperty("endorsements").EnumerateArray().Last().GetProperty("name").GetString());
        Assert.DoesNotContain(fake.ApiSecret, created.Output + listed.Output + got.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_against_a_throw_away_fake_prints_valid_JSON()
    {
        var run = await oms.RunAsync(["customers", "list", "--fake", "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var page = JsonDocument.Parse(run.Output);
        Assert.Empty(page.RootElement.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task An_error_is_one_line_with_its_request_id_and_exit_code_1()
    {
        var run = await oms.RunAsync(["customers", "get", "cst_missing", "--fake"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Matches(@"^error: .*404.*[Rr]equest id:? req_\w+", line);
    }

    [Fact]
    public async Task Without_an_account_or_fake_the_command_says_what_to_set_with_exit_code_2()
    {
        var run = await oms.RunAsync(["customers", "list"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error: Set OMS_API_KEY and OMS_API_SECRET", run.Output, StringComparison.Ordinal);
    }
}
