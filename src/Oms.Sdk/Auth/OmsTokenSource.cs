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
internal abstract class OmsTokenSource
{
    /// <summary>Returns a token to send.</summary>
    /// <param name="sender">The handler below the bearer handler, to reach <c>/auth/token</c> without a bearer header and without retries of its own.</param>
    /// <param name="rejected">The token OMS just refused with 401, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the caller's wait.</param>
    public abstract ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken);

    public static OmsTokenSource Create(OmsClientOptions options, ILogger logger) =>
        options.TokenProvider is { } provider
            ? new ProviderTokenSource(provider)
            : new ApiKeyTokenSource(options.ApiKey!, options.ApiSecret!, options.BaseAddress, options.TimeProvider, options.Resilience.AttemptTimeout, logger);
}

/// <summary>Tokens from a caller-supplied <see cref="IOmsTokenProvider"/>.</summary>
internal sealed class ProviderTokenSource(IOmsTokenProvider provider) : OmsTokenSource
{
    public override async ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken)
    {
        var token = await provider.GetTokenAsync(rejected is not null, cancellationToken).ConfigureAwait(false);
        return token.Value;
    }
}

/// <summary>
/// Exchanges the API key and secret for a bearer token and caches it. Project ruling: refresh at least
/// <see cref="RefreshMargin"/> before expiry; one exchange at a time however many calls wait; a token
/// OMS refused is replaced once.
/// </summary>
internal sealed class ApiKeyTokenSource(string apiKey, string apiSecret, Uri baseAddress, TimeProvider timeProvider, TimeSpan exchangeTimeout, ILogger logger) : OmsTokenSource
{
    /// <summary>How long before expiry a cached token is replaced.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private static readonly RefitSettings Settings = OmsRefitSettings.Create();

    private readonly Lock _gate = new();
    private OmsAccessToken? _current;
    private Task<OmsAccessToken>? _exchange;
    private int _exchanges;

    /// <summary>How many exchanges were started: tests and telemetry read it.</summary>
    public int ExchangeCount => Volatile.Read(ref _exchanges);

    public override async ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken)
    {
        Task<OmsAccessToken> exchange;
        lock (_gate)
        {
            if (_current is { } current && current.Value != rejected && timeProvider.GetUtcNow() < current.ExpiresAt - RefreshMargin)
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
            throw new HttpRequestException(shared.Message, shared.InnerException, shared.StatusCode);
        }
        catch (OmsUnexpectedResponseException shared)
        {
            throw new OmsUnexpectedResponseException(shared.Message, shared.InnerException) { StatusCode = shared.StatusCode };
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
        using var timeout = new CancellationTokenSource(exchangeTimeout, timeProvider);
        using var client = new HttpClient(sender, disposeHandler: false) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var api = RestService.ForGenerated<IOmsAuthApi>(client, Settings);
        var requestedAt = timeProvider.GetUtcNow();

        HttpResponseMessage response;
        try
        {
            response = await api.IssueTokenAsync(new TokenRequest(apiKey, apiSecret), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new HttpRequestException($"The OMS token exchange did not answer within {exchangeTimeout.TotalSeconds:0.###} s.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ExchangeFailedAsync(response, timeout.Token).ConfigureAwait(false);
            }

            TokenResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync(OmsJsonContext.Default.TokenResponse, timeout.Token).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new OmsUnexpectedResponseException("The OMS token exchange answered with a body that is not a token. Check BaseAddress points at the OMS API.", ex) { StatusCode = response.StatusCode };
            }

            if (body?.AccessToken is not { Length: > 0 } value)
            {
                throw new OmsUnexpectedResponseException("The OMS token exchange answered without an accessToken. Check BaseAddress points at the OMS API.", null) { StatusCode = response.StatusCode };
            }

            var expiresAt = body.ExpiresIn is > 0 ? requestedAt.AddSeconds(body.ExpiresIn.Value)
                : body.ExpiresAt ?? requestedAt.AddMinutes(60);
            var token = new OmsAccessToken(value, expiresAt);
            lock (_gate)
            {
                _current = token;
            }

            return token;
        }
    }

    private async Task<Exception> ExchangeFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        if (OmsResiliencePipeline.IsTransient(status))
        {
            return new HttpRequestException($"The OMS token exchange failed with {(int)status} {status}; the call is retried.", null, status);
        }

        var call = new OmsCallContext("auth.token", null, timeProvider, apiSecret);
        var answer = await OmsErrorResponse.ReadAsync(response, call, timeProvider, cancellationToken).ConfigureAwait(false);
        var said = answer.Message is { } message ? $": {message.TrimEnd('.', ' ')}" : string.Empty;
        var requestId = answer.RequestId is { } id ? $" Request id: {id}." : string.Empty;
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
