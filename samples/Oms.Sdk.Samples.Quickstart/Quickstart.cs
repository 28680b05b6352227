namespace Oms.Sdk.Samples.Quickstart;

/// <summary>Picks the OMS to talk to (the real one, or a fake in this process), runs the onboarding flow, and reports failures.</summary>
public static class Quickstart
{
    /// <summary>Every step passed.</summary>
    public const int Succeeded = 0;

    /// <summary>An OMS call failed (the <see cref="OmsException"/> is printed).</summary>
    public const int OmsCallFailed = 1;

    /// <summary>The environment variables are incomplete or invalid.</summary>
    public const int BadConfiguration = 2;

    /// <summary>The endorsements were rejected, or not granted before the deadline.</summary>
    public const int NotEndorsed = 3;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Oms.Sdk quickstart: the OMS onboarding flow (create a customer, read it back, list customers page by page,
        wait until OMS grants its usd endorsement).

        Usage: dotnet run --project samples/Oms.Sdk.Samples.Quickstart [-- --trace]

        Options:
          --trace      print each SDK call as a span tree (operation, HTTP attempts with status, durations) and a metrics
                       summary at exit; against the fake OMS the first create meets one 503, so that a retry shows
          --help, -h   print this text and exit

        Environment:
          OMS_API_KEY     your API key: sk_sdbx_... (sandbox) or sk_live_... (production).
                          Not set: the quickstart starts a FAKE OMS in this process and says so; nothing reaches OMS.
          OMS_API_SECRET  the key's secret (required with OMS_API_KEY; never printed)
          OMS_BASE_URL    optional base address; default https://sandbox-api.polygon.technology/v0.9

        Exit codes: 0 onboarded, 1 an OMS call failed, 2 bad settings or arguments, 3 not endorsed in time, 130 Ctrl+C.
        """;

    /// <summary>Reads the command line: <c>--help</c> prints <see cref="Usage"/>; an unknown argument is refused.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the usage, or the refusal, is written.</param>
    /// <returns>The exit code when the arguments say not to run the flow (help, or a mistake); <see langword="null"/> to run it.</returns>
    public static int? HandleArguments(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?"))
        {
            output.WriteLine(Usage);
            return Succeeded;
        }

        if (args.FirstOrDefault(a => a != QuickstartTelemetry.Switch) is { } unknown)
        {
            output.WriteLine($"Unknown argument {unknown}. The quickstart takes only --trace and --help.");
            output.WriteLine();
            output.WriteLine(Usage);
            return BadConfiguration;
        }

        return null;
    }

    /// <summary>Runs the quickstart.</summary>
    /// <param name="environment">Reads an environment variable (<c>OMS_API_KEY</c>, <c>OMS_API_SECRET</c>, <c>OMS_BASE_URL</c>).</param>
    /// <param name="output">Where every step and any failure is written.</param>
    /// <param name="settings">Page size, polling and the embedded fake's behaviour.</param>
    /// <param name="cancellationToken">Stops the flow (Ctrl+C).</param>
    /// <returns>The process exit code: <see cref="Succeeded"/> or one of the failure codes.</returns>
    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter output, QuickstartSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);

        await using var embedded = string.IsNullOrEmpty(environment("OMS_API_KEY")) ? EmbeddedOms.Start(settings.SimulatedKycDelay) : null;
        if (CreateClient(environment, embedded, output) is not { } client)
        {
            return BadConfiguration;
        }

        using (client)
        {
            try
            {
                if (embedded is not null)
                {
                    await embedded.SeedAsync(client, settings.PageSize * 2, output, cancellationToken);
                    if (settings.DemonstrateRetry)
                    {
                        embedded.Server.FailNext(1, System.Net.HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post, pathPrefix: "/customers");
                        output.WriteLine("  The fake OMS answers the next create with one 503, so that the trace shows the SDK's retry.");
                    }
                }

                var endorsed = await Onboarding.RunAsync(client, settings, output, cancellationToken);
                output.WriteLine(
                    !endorsed ? "Failed: the customer does not hold the endorsements it asked for."
                    : embedded is null ? "Done: the customer is onboarded."
                    : "Done: the customer is onboarded, on the FAKE OMS in this process (nothing reached OMS; set OMS_API_KEY and OMS_API_SECRET to use the sandbox).");
                return endorsed ? Succeeded : NotEndorsed;
            }
            catch (OmsException e)
            {
                Report(output, e);
                return OmsCallFailed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine("Stopped: cancelled (Ctrl+C).");
                return Cancelled;
            }
        }
    }

    private static readonly string Banner = new('=', 100);

    /// <summary>A client of the embedded fake, or of the OMS the environment names; <see langword="null"/> (reason printed) when the settings are unusable.</summary>
    private static OmsClient? CreateClient(Func<string, string?> environment, EmbeddedOms? embedded, TextWriter output)
    {
        OmsClientOptions options;
        if (embedded is not null)
        {
            options = embedded.Server.CreateClientOptions();
            output.WriteLine(Banner);
            output.WriteLine($"  FAKE OMS: OMS_API_KEY is not set, so this run uses a fake OMS started in this process at {options.BaseAddress}");
            output.WriteLine("  Nothing reaches OMS. To use the OMS sandbox: OMS_API_KEY=sk_sdbx_... OMS_API_SECRET=... dotnet run --project samples/Oms.Sdk.Samples.Quickstart");
            output.WriteLine(Banner);
            output.WriteLine($"  (The fake grants requested endorsements one at a time, every {embedded.KycDelay.TotalSeconds:0.#} s, as OMS does after KYC.)");
        }
        else
        {
            options = new OmsClientOptions { ApiKey = environment("OMS_API_KEY"), ApiSecret = environment("OMS_API_SECRET") };
            if (string.IsNullOrEmpty(options.ApiSecret))
            {
                output.WriteLine("Failed: OMS_API_KEY is set but OMS_API_SECRET is not. Set both (or neither, to use the fake OMS).");
                return null;
            }

            if (environment("OMS_BASE_URL") is { Length: > 0 } baseUrl)
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseAddress))
                {
                    output.WriteLine($"Failed: OMS_BASE_URL is not an absolute URL: {baseUrl}");
                    return null;
                }

                options.BaseAddress = baseAddress;
            }

            output.WriteLine($"Using OMS at {options.BaseAddress} with the key and secret in OMS_API_KEY and OMS_API_SECRET.");
        }

        try
        {
            return new OmsClient(options);
        }
        catch (ArgumentException e)
        {
            // The message names the setting, never its value.
            output.WriteLine($"Failed: the client settings are invalid: {e.Message}");
            return null;
        }
    }

    /// <summary>Prints what an integrator needs to act on a failure: never the secret, nor the raw body (it may hold PII).</summary>
    private static void Report(TextWriter output, OmsException e)
    {
        output.WriteLine($"Failed: {e.GetType().Name}: {e.Message}");
        output.WriteLine($"  operation: {e.Operation ?? "(none)"}, attempts: {e.Attempts}, idempotency key: {e.IdempotencyKey ?? "(none)"}");
        if (e is OmsApiException api)
        {
            output.WriteLine($"  HTTP {(int)api.StatusCode}, error code: {api.ErrorCode ?? "(none)"}, request id: {api.RequestId ?? "(none)"}"
                + (api.RetryAfter is { } wait ? $", retry after: {wait.TotalSeconds:0.#} s" : string.Empty));
        }

        var hint = e switch
        {
            OmsAuthenticationException => "Check OMS_API_KEY and OMS_API_SECRET, and that OMS_BASE_URL is the environment the key belongs to (sk_sdbx_ keys: sandbox, sk_live_ keys: production).",
            OmsRateLimitedException => "OMS is rate limiting and the SDK's retries did not get through: wait the time above and run again.",
            OmsConflictException => "This idempotency key was used before with a different body: change the external id, or send the original body.",
            OmsConnectionException or OmsTimeoutException => "OMS could not be reached in time: check OMS_BASE_URL and the network.",
            _ => null,
        };
        if (hint is not null)
        {
            output.WriteLine("  " + hint);
        }
    }
}
