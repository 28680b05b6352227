using System.Net;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>Settings of a <see cref="FakeOmsServer"/>. Every setting has a default; <c>new FakeOmsServerOptions()</c> is a sandbox-like fake.</summary>
/// <example><code>
/// var time = new FakeTimeProvider();
/// await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions
/// {
///     TimeProvider = time,
///     EndorsementMode = FakeOmsEndorsementMode.Manual,
///     WebhookRetryDelays = [TimeSpan.Zero, TimeSpan.Zero],
/// });
/// </code></example>
public sealed class FakeOmsServerOptions
{
    /// <summary>The API key the fake accepts at <c>/auth/token</c>. Default: <c>sk_sdbx_fake_</c> followed by random characters.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API secret that goes with <see cref="ApiKey"/>. Default: a random secret.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>How long an issued bearer token is accepted. Default 60 minutes, as OMS documents.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// The clock for token expiry, <c>createdAt</c>/<c>updatedAt</c>, webhook timestamps and the waits between webhook
    /// retries. Pass a <c>FakeTimeProvider</c> to expire tokens without waiting. Default: the system clock.
    /// </summary>
    /// <remarks>Injected delays (<see cref="FakeOmsServer.DelayNext"/>) and HTTP timeouts use the real clock, so that a client's own timeouts fire.</remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>What happens to the endorsements a new customer requests. Default <see cref="FakeOmsEndorsementMode.AutoApprove"/>, like the OMS sandbox.</summary>
    public FakeOmsEndorsementMode EndorsementMode { get; set; } = FakeOmsEndorsementMode.AutoApprove;

    /// <summary>The secret webhook deliveries are signed with. Default: <c>whsec_</c> + 64 random hex digits, the OMS form.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// The waits before each webhook retry: a delivery is attempted once, then once more after each delay here, until a
    /// receiver answers 2xx (or 410, which disables it). Default 1 s, 2 s, 4 s (four attempts). Tests pass zeros, or drive
    /// the waits with a <c>FakeTimeProvider</c> in <see cref="TimeProvider"/>.
    /// </summary>
    public IReadOnlyList<TimeSpan> WebhookRetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>How long one webhook delivery attempt may take before it counts as failed. Default 10 s (real time).</summary>
    public TimeSpan WebhookAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The API version path the fake serves under, for example <c>/v0.9</c> (the default) or <c>/v0.13</c>; empty for none.</summary>
    public string ApiVersionPath { get; set; } = "/v0.9";

    /// <summary>
    /// The port to listen on, on <c>127.0.0.1</c>: 1 to 65535, say to match a base address in a configuration file.
    /// Default <see langword="null"/> (or 0): a free port the OS picks, which parallel tests should keep.
    /// </summary>
    /// <remarks>A port already in use makes <see cref="FakeOmsServer.Start"/> throw.</remarks>
    public int? Port { get; set; }

    internal static FakeOmsServerOptions Resolve(FakeOmsServerOptions? options)
    {
        var given = options ?? new FakeOmsServerOptions();
        var resolved = new FakeOmsServerOptions
        {
            ApiKey = given.ApiKey ?? "sk_sdbx_fake_" + RandomText.Base62(16),
            ApiSecret = given.ApiSecret ?? RandomText.Base62(32),
            TokenLifetime = given.TokenLifetime,
            TimeProvider = given.TimeProvider,
            EndorsementMode = given.EndorsementMode,
            WebhookSecret = given.WebhookSecret ?? "whsec_" + RandomText.Hex(64),
            WebhookRetryDelays = [.. given.WebhookRetryDelays ?? []],
            WebhookAttemptTimeout = given.WebhookAttemptTimeout,
            ApiVersionPath = given.ApiVersionPath ?? string.Empty,
            Port = given.Port is 0 ? null : given.Port,
        };
        resolved.Validate();
        return resolved;
    }

    private void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey, nameof(ApiKey));
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiSecret, nameof(ApiSecret));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (TokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetime), TokenLifetime, "FakeOmsServerOptions.TokenLifetime must be positive.");
        }

        if (WebhookAttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WebhookAttemptTimeout), WebhookAttemptTimeout, "FakeOmsServerOptions.WebhookAttemptTimeout must be positive.");
        }

        if (WebhookRetryDelays.Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(WebhookRetryDelays), "FakeOmsServerOptions.WebhookRetryDelays must not contain negative delays.");
        }

        if (!Enum.IsDefined(EndorsementMode))
        {
            throw new ArgumentOutOfRangeException(nameof(EndorsementMode), EndorsementMode, "FakeOmsServerOptions.EndorsementMode must be AutoApprove or Manual.");
        }

        if (Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "FakeOmsServerOptions.Port must be from 1 to 65535, or null (or 0) for a free port.");
        }

        if (ApiVersionPath.Length > 0 && (ApiVersionPath[0] != '/' || ApiVersionPath[^1] == '/' || ApiVersionPath.IndexOfAny(['?', '#', ' ']) >= 0))
        {
            throw new ArgumentException("FakeOmsServerOptions.ApiVersionPath must be empty or a path such as \"/v0.9\" (leading slash, no trailing slash).", nameof(ApiVersionPath));
        }
    }
}
