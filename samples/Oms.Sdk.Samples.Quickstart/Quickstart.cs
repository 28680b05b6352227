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
                }

                var endorsed = await Onboarding.RunAsync(client, settings, output, cancellationToken);
                output.WriteLine(endorsed ? "Done: the customer is onboarded." : "Failed: the customer does not hold the endorsements it asked for.");
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

    /// <summary>A client of the embedded fake, or of the OMS the environment names; <see langword="null"/> (reason printed) when the settings are unusable.</summary>
    private static OmsClient? CreateClient(Func<string, string?> environment, EmbeddedOms? embedded, TextWriter output)
    {
        OmsClientOptions options;
        if (embedded is not null)
        {
            options = embedded.Server.CreateClientOptions();
            output.WriteLine($"OMS_API_KEY is not set: using a fake OMS started in this process at {options.BaseAddress}");
            output.WriteLine($"  (it grants requested endorsements one at a time, every {embedded.KycDelay.TotalSeconds:0.#} s, as OMS does after KYC).");
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
