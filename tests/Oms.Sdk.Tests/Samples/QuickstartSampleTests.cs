using Oms.Sdk.Samples.Quickstart;
using Oms.Sdk.Testing;

namespace Oms.Sdk.Tests.Samples;

/// <summary>The Quickstart sample's whole flow, in-process, with its waits shortened.</summary>
public sealed class QuickstartSampleTests
{
    private static readonly QuickstartSettings Fast = new()
    {
        FirstPollDelay = TimeSpan.FromMilliseconds(20),
        MaxPollDelay = TimeSpan.FromMilliseconds(100),
        SimulatedKycDelay = TimeSpan.FromMilliseconds(50),
        EndorsementDeadline = TimeSpan.FromSeconds(30),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_OMS_API_KEY_it_onboards_a_customer_on_the_fake_started_in_process()
    {
        var output = new StringWriter();

        var exitCode = await Quickstart.RunAsync(NoEnvironment, output, Fast, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.Succeeded, text);
        // Loud, first thing, and again at the end: this run did not talk to OMS.
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("=====", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  FAKE OMS: OMS_API_KEY is not set, so this run uses a fake OMS started in this process at http://127.0.0.1:", lines[1], StringComparison.Ordinal);
        Assert.Contains("Nothing reaches OMS.", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("=====", lines[3], StringComparison.Ordinal);
        Assert.Matches(@"1\. Created customer cst_\w+ \(idempotency key create-customer-quickstart-jane-smith, 1 HTTP attempt", text);
        // Created with a name, then its identity completed by a partial update that the fake applied (signedAgreementAt set).
        Assert.Matches(@"   Completed its identity and signed the agreement \(signed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)\.", text);
        Assert.Contains("2. Retrieved cst_", text, StringComparison.Ordinal);
        Assert.Contains("Jane Smith <jane.smith@example.com>", text, StringComparison.Ordinal);
        // Four seeded customers and Jane, two per page.
        Assert.Contains("   page 3: cst_", text, StringComparison.Ordinal);
        Assert.Contains("(Jane Smith, this one)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("page 4", text, StringComparison.Ordinal);
        Assert.Contains("4. Waiting up to 30 s until OMS grants Usd", text, StringComparison.Ordinal);
        Assert.Matches(@"after \d+\.\d s: basic approved, usd approved", text);
        Assert.Matches(@"Granted: cst_\w+ now holds Usd\.", text);
        Assert.EndsWith("Done: the customer is onboarded, on the FAKE OMS in this process (nothing reached OMS; set OMS_API_KEY and OMS_API_SECRET to use the sandbox)." + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_prints_the_usage_and_exits_0_without_running(string argument)
    {
        var output = new StringWriter();

        var exitCode = Quickstart.HandleArguments([argument], output);

        Assert.Equal(Quickstart.Succeeded, exitCode);
        Assert.StartsWith("Oms.Sdk quickstart:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--trace", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("OMS_API_KEY", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("FAKE OMS", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_argument_exits_2_with_the_usage_and_trace_alone_runs()
    {
        var output = new StringWriter();

        Assert.Equal(Quickstart.BadConfiguration, Quickstart.HandleArguments(["--verbose"], output));
        Assert.StartsWith("Unknown argument --verbose.", output.ToString(), StringComparison.Ordinal);
        Assert.Null(Quickstart.HandleArguments([QuickstartTelemetry.Switch], TextWriter.Null));
        Assert.Null(Quickstart.HandleArguments([], TextWriter.Null));
    }

    [Fact]
    public async Task Help_from_the_command_line_runs_nothing()
    {
        var dll = Oms.Sdk.Tests.Infrastructure.RepositoryPaths.Output("samples/Oms.Sdk.Samples.Quickstart", "Oms.Sdk.Samples.Quickstart");

        var result = await Oms.Sdk.Tests.Infrastructure.ProcessRunner.RunAsync(
            "dotnet", [dll, "--help"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1), Oms.Sdk.Tests.Infrastructure.ProcessRunner.DotnetEnvironment, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Oms.Sdk quickstart:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAKE OMS: OMS_API_KEY is not set", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_OMS_API_KEY_it_uses_the_OMS_the_environment_names_and_a_second_run_creates_no_second_customer()
    {
        await using var oms = FakeOmsServer.Start();
        var environment = Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString());

        var first = new StringWriter();
        var second = new StringWriter();
        var firstExit = await Quickstart.RunAsync(environment, first, Fast, Ct);
        var secondExit = await Quickstart.RunAsync(environment, second, Fast, Ct);

        Assert.True(firstExit == Quickstart.Succeeded, first.ToString());
        Assert.True(secondExit == Quickstart.Succeeded, second.ToString());
        Assert.StartsWith($"Using OMS at {oms.BaseAddress}", first.ToString(), StringComparison.Ordinal);
        var jane = Assert.Single(oms.Customers);
        Assert.Equal("quickstart-jane-smith", jane.ExternalId);
        Assert.All(
            oms.Requests.Where(r => r.Method == HttpMethod.Post && r.Path == "/customers"),
            r => Assert.Equal("create-customer-quickstart-jane-smith", r.IdempotencyKey));
        Assert.Equal(2, oms.RequestCount(HttpMethod.Post, "/customers"));
        Assert.DoesNotContain(oms.ApiSecret, first.ToString() + second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wait_returns_once_OMS_grants_the_endorsement()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        Task? grant = null;
        var output = new OnFirstLine(
            line => line.StartsWith("4. Waiting", StringComparison.Ordinal),
            () => grant = oms.GrantEndorsementAsync(Assert.Single(oms.Customers).Id, Endorsement.Usd, Ct));

        var exitCode = await Quickstart.RunAsync(Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.Succeeded, text);
        Assert.NotNull(grant);
        await grant;
        Assert.Matches(@"4\. Waiting up to 30 s until OMS grants Usd \(Ctrl\+C stops\):\r?\n   after \d+\.\d s: basic pending, usd approved\r?\n   Granted: cst_\w+ now holds Usd\.", text);
        // Retrieved once, then read by the wait.
        Assert.True(oms.RequestCount(HttpMethod.Get, $"/customers/{Assert.Single(oms.Customers).Id}") >= 2, text);
    }

    [Fact]
    public async Task A_rejected_endorsement_exits_3_with_the_reasons()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        var output = new OnFirstLine(
            line => line.StartsWith("4. Waiting", StringComparison.Ordinal),
            () => oms.RejectEndorsementAsync(Assert.Single(oms.Customers).Id, Endorsement.Usd, ["Document image unreadable"], Ct).GetAwaiter().GetResult());

        var exitCode = await Quickstart.RunAsync(Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.NotEndorsed, text);
        Assert.Contains("   Rejected: Usd (Document image unreadable).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_exits_1_naming_the_failure_and_never_the_secret()
    {
        await using var oms = FakeOmsServer.Start();
        var output = new StringWriter();

        var exitCode = await Quickstart.RunAsync(Env(oms.ApiKey, "not-the-secret-" + oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.OmsCallFailed, text);
        Assert.Contains("Failed: OmsAuthenticationException: OMS refused the API key and secret", text, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", text, StringComparison.Ordinal);
        Assert.Contains("Check OMS_API_KEY and OMS_API_SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain(oms.ApiSecret, text, StringComparison.Ordinal);
        Assert.Empty(oms.Customers);
    }

    [Fact]
    public async Task An_error_answer_exits_1_with_the_status_the_error_code_and_the_idempotency_key()
    {
        await using var oms = FakeOmsServer.Start();
        oms.FailNext(1, System.Net.HttpStatusCode.Forbidden, method: HttpMethod.Post, pathPrefix: "/customers");
        var output = new StringWriter();

        var exitCode = await Quickstart.RunAsync(Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.OmsCallFailed, text);
        Assert.Contains("Failed: OmsApiException:", text, StringComparison.Ordinal);
        Assert.Contains("operation: customers.create, attempts: 1, idempotency key: create-customer-quickstart-jane-smith", text, StringComparison.Ordinal);
        Assert.Contains("HTTP 403, error code: injected_fault", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endorsements_not_granted_by_the_deadline_exit_3()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        var output = new StringWriter();

        var exitCode = await Quickstart.RunAsync(
            Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast with { EndorsementDeadline = TimeSpan.FromMilliseconds(200) }, Ct);

        var text = output.ToString();
        Assert.True(exitCode == Quickstart.NotEndorsed, text);
        Assert.Contains("Deadline reached: OMS did not grant the usd endorsement of customer cst_", text, StringComparison.Ordinal);
        Assert.Contains("the last status seen was 'pending'", text, StringComparison.Ordinal);
        Assert.True(oms.RequestCount(HttpMethod.Get, $"/customers/{Assert.Single(oms.Customers).Id}") >= 3, "The wait should poll more than once.");
    }

    [Fact]
    public async Task Cancelling_the_wait_exits_130()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var output = new OnFirstLine(line => line.StartsWith("4. Waiting", StringComparison.Ordinal), stop.Cancel);

        var exitCode = await Quickstart.RunAsync(
            Env(oms.ApiKey, oms.ApiSecret, oms.BaseAddress.ToString()), output, Fast with { EndorsementDeadline = TimeSpan.FromMinutes(5) }, stop.Token);

        Assert.True(exitCode == Quickstart.Cancelled, output.ToString());
        Assert.EndsWith("Stopped: cancelled (Ctrl+C)." + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_sdbx_key", null, null, "OMS_API_KEY is set but OMS_API_SECRET is not")]
    [InlineData("sk_sdbx_key", "s3cr3t-value", "not a url", "OMS_BASE_URL is not an absolute URL")]
    [InlineData("sk_sdbx_key", "s3cr3t-value", "http://oms.example.com/v0.9", "BaseAddress must use https")]
    public async Task Incomplete_settings_exit_2_with_the_reason(string key, string? secret, string? baseUrl, string reason)
    {
        var output = new StringWriter();

        var exitCode = await Quickstart.RunAsync(Env(key, secret, baseUrl), output, Fast, Ct);

        Assert.True(exitCode == Quickstart.BadConfiguration, output.ToString());
        Assert.Contains(reason, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", output.ToString(), StringComparison.Ordinal);
    }

    private static string? NoEnvironment(string name) => null;

    private static Func<string, string?> Env(string key, string? secret, string? baseUrl) => name => name switch
    {
        "OMS_API_KEY" => key,
        "OMS_API_SECRET" => secret,
        "OMS_BASE_URL" => baseUrl,
        _ => null,
    };

    /// <summary>Collects the output, and does something the first time a line matches: what a person would do on reading it.</summary>
    private sealed class OnFirstLine(Func<string, bool> matches, Action action) : StringWriter
    {
        private bool _done;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (!_done && value is not null && matches(value))
            {
                _done = true;
                action();
            }
        }
    }
}
