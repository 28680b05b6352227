using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;
using Oms.Sdk.Serialization;
using Refit;

namespace Oms.Sdk.Auth;

/// <summary>Where the bearer handler gets tokens: the SDK's own key exchange, or the caller's provider.</summary>
/// <param name="maxResponseBodySize">
/// <see cref="OmsClientOptions.MaxResponseBodySize"/> of the options this source was made from: the bound on the token
/// answer and, through the bearer handler that holds this source, on every other answer of the same client.
/// </param>
internal abstract class OmsTokenSource(long maxResponseBodySize)
{
    /// <summary>The longest token the SDK puts in a header; anything longer is not an OMS token.</summary>
    internal const int MaxTokenLength = 8192;

    /// <summary>The most bytes of any answer the client that holds this source reads.</summary>
    public long MaxResponseBodySize { get; } = maxResponseBodySize;

    /// <summary>Returns a token to send.</summary>
    /// <param name="sender">The handler below the bearer handler, to reach <c>/auth/token</c> without a bearer header and without retries of its own.</param>
    /// <param name="rejected">The token OMS just refused with 401, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the caller's wait.</param>
    public abstract ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken);

    public static OmsTokenSource Create(OmsClientOptions options, ILogger logger) =>
        options.TokenProvider is { } provider
            ? new ProviderTokenSource(provider, options.MaxResponseBodySize)
            : new ApiKeyTokenSource(options.ApiKey!, options.ApiSecret!, options.BaseAddress, options.TimeProvider, options.Resilience.AttemptTimeout, options.MaxResponseBodySize, logger);

    /// <summary>
    /// Whether <paramref name="token"/> can be sent as <c>Authorization: Bearer</c>: 1 to <see cref="MaxTokenLength"/>
    /// visible ASCII characters (no space, no control character: a <c>\r\n</c> would split the header).
    /// </summary>
    internal static bool IsSendable(string? token)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength })
        {
            return false;
        }

        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Tokens from a caller-supplied <see cref="IOmsTokenProvider"/>.</summary>
internal sealed class ProviderTokenSource(IOmsTokenProvider provider, long maxResponseBodySize) : OmsTokenSource(maxResponseBodySize)
{
    public override async ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken)
    {
        var token = await provider.GetTokenAsync(rejected is not null, cancellationToken).ConfigureAwait(false);
        return IsSendable(token?.Value)
            ? token!.Value
            : throw new OmsException(
                $"The IOmsTokenProvider ({provider.GetType().Name}) returned a token that cannot be sent as a bearer header: it must be 1 to {MaxTokenLength} visible ASCII characters, with no spaces or control characters.");
    }
}

/// <summary>
/// Exchanges the API key and secret for a bearer token and caches it. Project ruling: refresh
/// <see cref="RefreshMargin"/> before expiry, or at half its life for a token that lives less than two margins; expiry
/// measured on our own clock (see <see cref="LifetimeOf"/>); one exchange at a time however many calls wait; a token OMS
/// refused is replaced once.
/// </summary>
internal sealed class ApiKeyTokenSource(string apiKey, string apiSecret, Uri baseAddress, TimeProvider timeProvider, TimeSpan exchangeTimeout, long maxResponseBodySize, ILogger logger)
    : OmsTokenSource(maxResponseBodySize)
{
    /// <summary>How long before expiry a cached token is replaced, at most: never more than half the token's life.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>A token is trusted for at least this long, whatever the answer says: a refresh storm costs more than one 401.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(10);

    /// <summary>A token is trusted for at most this long, whatever the answer says (OMS documents 60 minutes).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>What OMS documents, used when the answer gives no usable lifetime.</summary>
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromMinutes(60);

    private static readonly RefitSettings Settings = OmsRefitSettings.Create();

    private readonly Lock _gate = new();
    private OmsAccessToken? _current;
    private DateTimeOffset _refreshAt;
    private Task<OmsAccessToken>? _exchange;
    private int _exchanges;

    /// <summary>How many exchanges were started: tests and telemetry read it.</summary>
    public int ExchangeCount => Volatile.Read(ref _exchanges);

    public override async ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken)
    {
        Task<OmsAccessToken> exchange;
        lock (_gate)
        {
            if (_current is { } current && current.Value != rejected && timeProvider.GetUtcNow() < _refreshAt)
            {
                return current.Value;
            }

            if (_exchange is { IsCompleted: false } running)
            {
                exchange = running;
            }
            else
            {
                _exchanges++;
                exchange = _exchange = ExchangeAsync(sender);
            }
        }

        try
        {
            var token = await exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
            return token.Value;
        }
        catch (OmsAuthenticationException shared)
        {
            // One exchange serves many calls; each call gets its own exception to annotate.
            throw OmsErrorResponse.Populate(
                new OmsAuthenticationException(shared.Message, shared.StatusCode),
                shared.StatusCode,
                shared.ErrorCode,
                shared.ErrorMessage,
                shared.RequestId,
                shared.RetryAfter,
                shared.RawBody);
        }
        catch (HttpRequestException shared)
        {
            throw OmsHttpRequestExceptions.Create(shared.Message, shared.InnerException, shared.StatusCode);
        }
        catch (OmsUnexpectedResponseException shared)
        {
            throw new OmsUnexpectedResponseException(shared.Message, shared.InnerException) { StatusCode = shared.StatusCode, LastStatusCode = shared.LastStatusCode };
        }
    }

    private async Task<OmsAccessToken> ExchangeAsync(HttpMessageHandler sender)
    {
        try
        {
            var token = await ExchangeCoreAsync(sender).ConfigureAwait(false);
            OmsTelemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>(OmsTelemetry.OutcomeTag, OmsTelemetry.Success));
            OmsLog.TokenRefreshed(logger, token.ExpiresAt);
            return token;
        }
        catch (Exception ex)
        {
            // The SDK's exception messages never carry the key's secret; this one names the status or the transport error.
            OmsTelemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>(OmsTelemetry.OutcomeTag, ex.GetType().Name));
            OmsLog.TokenExchangeFailed(logger, ex.Message);
            throw;
        }
    }

    private async Task<OmsAccessToken> ExchangeCoreAsync(HttpMessageHandler sender)
    {
        // The exchange is shared by every waiting call, so no single caller's cancellation may end it.
        using var timeout = OmsTimeProviderExtensions.CancelAfter(timeProvider, exchangeTimeout);
        using var client = new HttpClient(sender, disposeHandler: false) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var api = RestService.ForGenerated<IOmsAuthApi>(client, Settings);
        var call = new OmsCallContext(Operation, null, timeProvider, apiSecret);
        var requestedAt = timeProvider.GetUtcNow();

        HttpResponseMessage response;
        try
        {
            response = await api.IssueTokenAsync(new TokenRequest(apiKey, apiSecret), timeout.Token).ConfigureAwait(false);
            response.Content = await OmsBufferedContent.ReadAsync(response, MaxResponseBodySize, call, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new HttpRequestException($"The OMS token exchange did not answer within {exchangeTimeout.TotalSeconds:0.###} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw OmsTransportGuard.WithoutServerText(ex);
        }

        using (response)
        {
            if (OmsTransportGuard.IsRedirect(response.StatusCode))
            {
                // Not followed (see OmsPrimaryHandler): the key and secret went to the configured host only.
                throw OmsTransportGuard.Redirected(response, call);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ExchangeFailedAsync(response, call, timeout.Token).ConfigureAwait(false);
            }

            TokenResponse? body = null;
            if (response.Content is OmsBufferedContent buffered)
            {
                buffered.TryDeserialize(OmsJsonContext.Default.TokenResponse, out body);
            }

            if (!IsSendable(body?.AccessToken))
            {
                throw new OmsUnexpectedResponseException(
                    $"The OMS token exchange answered {(int)response.StatusCode} {response.StatusCode} without a usable accessToken (it must be 1 to {MaxTokenLength} visible ASCII characters: none, empty, blank or with control characters is not a token). Check that BaseAddress points at the OMS API.",
                    null)
                { StatusCode = response.StatusCode, Operation = Operation, LastStatusCode = response.StatusCode };
            }

            var lifetime = LifetimeOf(body!, requestedAt);
            var token = new OmsAccessToken(body!.AccessToken!, requestedAt + lifetime);
            lock (_gate)
            {
                _current = token;
                _refreshAt = token.ExpiresAt - RefreshMarginFor(lifetime);
            }

            return token;
        }
    }

    /// <summary>The token exchange's operation name, in its errors and redaction context.</summary>
    internal const string Operation = "auth.token";

    /// <summary>
    /// How long a token is trusted, measured on our own clock from when the exchange was sent (the earliest OMS can
    /// have issued it, so a slow answer never makes us overrun): <c>expiresIn</c> when it is a positive number;
    /// otherwise <c>expiresAt</c> when it is still ahead of our clock; otherwise the documented 60 minutes. Whatever it
    /// says is clamped to <see cref="MinLifetime"/>..<see cref="MaxLifetime"/>, so an absurd value neither overflows nor
    /// starts a refresh storm (a token that really dies sooner is replaced on its first 401).
    /// </summary>
    internal static TimeSpan LifetimeOf(TokenResponse answer, DateTimeOffset requestedAt)
    {
        TimeSpan? said = null;
        if (SecondsOf(answer.ExpiresIn) is { } seconds && double.IsFinite(seconds) && seconds > 0)
        {
            said = seconds >= MaxLifetime.TotalSeconds ? MaxLifetime : TimeSpan.FromSeconds(seconds);
        }
        else if (answer.ExpiresAt is { ValueKind: System.Text.Json.JsonValueKind.String } expiresAt && expiresAt.TryGetDateTimeOffset(out var at) && at > requestedAt)
        {
            said = at - requestedAt;
        }

        var lifetime = said ?? DocumentedLifetime;
        return lifetime < MinLifetime ? MinLifetime : lifetime > MaxLifetime ? MaxLifetime : lifetime;
    }

    private static double? SecondsOf(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Number when value.TryGetDouble(out var seconds) => seconds,
        System.Text.Json.JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) => seconds,
        _ => null,
    };

    /// <summary>How long before expiry to refresh: <see cref="RefreshMargin"/>, or half the lifetime when that is shorter.</summary>
    internal static TimeSpan RefreshMarginFor(TimeSpan lifetime) => lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;

    private async Task<Exception> ExchangeFailedAsync(HttpResponseMessage response, OmsCallContext call, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        if (OmsResiliencePipeline.IsTransient(status))
        {
            return OmsHttpRequestExceptions.Create($"The OMS token exchange failed with {(int)status} {status}; the call is retried.", null, status);
        }

        var answer = await OmsErrorResponse.ReadAsync(response, call, timeProvider, cancellationToken).ConfigureAwait(false);
        var said = answer.Message is { } message ? $": {message.TrimEnd('.', ' ')}" : string.Empty;
        var requestId = answer.RequestId is { } id ? $" Request id: {id}." : string.Empty;
        if (status == HttpStatusCode.NotFound)
        {
            // Not a refused key: nothing at BaseAddress answers /auth/token, most often because the version path is missing.
            var exception = new OmsUnexpectedResponseException(
                $"There is no OMS API at BaseAddress ({baseAddress}): POST {baseAddress.AbsolutePath.TrimEnd('/')}/auth/token answered 404 NotFound{said}. " +
                $"Set OmsClientOptions.BaseAddress to the environment and its version path, for example {OmsEnvironment.Sandbox} (note the /v0.9).{requestId}",
                null)
            { StatusCode = status, Operation = Operation, LastStatusCode = status };
            return exception;
        }

        return OmsErrorResponse.Populate(
            new OmsAuthenticationException(
                $"OMS refused the API key and secret ({(int)status} {status}) at /auth/token{said}. Check ApiKey and ApiSecret, and that BaseAddress is the environment the key belongs to (sk_sdbx_ keys are for sandbox, sk_live_ keys for production).{requestId}",
                status),
            status,
            answer.Code,
            answer.Message,
            answer.RequestId,
            answer.RetryAfter,
            answer.RawBody);
    }
}
