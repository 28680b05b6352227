using Oms.Sdk.Tests.Shared;

namespace Oms.Sdk.NetFramework.Tests;

/// <summary>
/// Issue #18's scenarios on .NET Framework (Mono here), against a plain HttpListener server: retries with one key, a
/// create whose answers are lost after the server committed, lazy paging across both endorsement shapes, a typed 404,
/// the Standard Webhooks vectors, and every public async operation blocked on under a single-threaded context.
/// </summary>
public sealed class ReachScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        using var scenarios = new ReachScenarios();
        return [.. scenarios.All().Select(s => s.Scenario)];
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_scenario_passes_every_check(string scenario)
    {
        using var scenarios = new ReachScenarios();
        var checks = await scenarios.All().Single(s => s.Scenario == scenario).Run();

        Assert.NotEmpty(checks);
        Assert.All(checks, check => Assert.True(check.Ok, check.What));
    }
}
