using System.Net;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Engine;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;
using Oms.Sdk.Serialization;
using Refit;

namespace Oms.Sdk.Auth;

/// <summary>Where the bearer handler gets tokens: the SDK's own key exchange, or the caller's provider.</summary>
internal abstract class OmsTokenSource
{
    /// <summary>The longest token the SDK puts in a header; anything longer is not an OMS token.</summary>
    internal const int MaxTokenLength = 8192;

    /// <summary>Returns a token to send.</summary>
    /// <param name="sender">The handler below the bearer handler, to reach <c>/auth/token</c> without a bearer header and without retries of its own.</param>
    /// <param name="rejected">The token OMS just refused with 401, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the caller's wait.</param>
    public abstract ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken);

    /// <summary>The source <paramref name="options"/> (validated) describe.</summary>
    public static OmsTokenSource Create(OmsClientOptions options, ILogger logger) =>
        options.TokenProvider is { } provider ? new ProviderTokenSource(provider) : new ApiKeyTokenSource(options, logger);

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
internal sealed class ProviderTokenSource(IOmsTokenProvider provider) : OmsTokenSource
{
    public override async ValueTask<string> GetTokenAsync(HttpMessageHandler sender, string? rejected, CancellationToken cancellationToken)
    {
        OmsAccessToken? token;
        try
        {
            token = await provider.GetTokenAsync(rejected is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw OmsFailure.TokenProviderFailed(provider.GetType(), e);
        }

        return IsSendable(token?.Value) ? token!.Value : throw OmsFailure.TokenProviderFailed(provider.GetType(), null);
    }
}

/// <summary>
/// Exchanges the API key and secret for a bearer token and caches it. Project ruling: refresh
/// <see cref="RefreshMargin"/> before expiry, or at half its life for a token that lives less than two margins; expiry
/// measured on our own clock (see <see cref="LifetimeOf"/>); one exchange at a time however many calls wait; a token OMS
/// refused is replaced once.
/// </summary>
internal sealed class ApiKeyTokenSource(OmsClientOptions options, ILogger logger) : OmsTokenSource
{
    /// <summary>How long before expiry a cached token is replaced, at most: never more than half the token's life.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>A token is trusted for at least this long, whatever the answer says: a refresh storm costs more than one 401.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(10);

    /// <summary>A token is trusted for at most this long, whatever the answer says (OMS documents 60 minutes).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>What OMS documents, used when the answer gives no usable lifetime.</summary>
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromMinutes(60);

    /// <summary>The token exchange's operation name, in its errors and redaction context.</summary>
    internal const string Operation = "auth.token";

    private static readonly RefitSettings Settings = OmsRefitSettings.Create();

    private readonly TokenRequest _request = new(options.ApiKey!, options.ApiSecret!);
    private readonly Uri _baseAddress = options.BaseAddress;
    private readonly TimeProvider _timeProvider = options.TimeProvider;
    private readonly TimeSpan _exchangeTimeout = options.Resilience.AttemptTimeout;
    private readonly OmsCallEngine _engine = new(options, logger);
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
            if (_current is { } current && current.Value != rejected && _timeProvider.GetUtcNow() < _refreshAt)
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

        // One exchange serves many calls; its failure is a fact each of them turns into its own exception.
        var token = await exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Value;
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
        using var timeout = OmsTimeProviderExtensions.CancelAfter(_timeProvider, _exchangeTimeout);
        using var client = new HttpClient(sender, disposeHandler: false) { BaseAddress = _baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var api = RestService.ForGenerated<IOmsAuthApi>(client, Settings);
        var call = new OmsCallContext(Exchange, null, _timeProvider, _request.ApiSecret);
        var requestedAt = _timeProvider.GetUtcNow();

        TokenResponse body;
        try
        {
            body = await _engine.SendInnerAsync(api, Exchange, _request, call, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new HttpRequestException($"The OMS token exchange did not answer within {_exchangeTimeout.TotalSeconds:0.###} s.", ex);
        }

        if (!IsSendable(body.AccessToken))
        {
            throw OmsFailure.NoUsableToken(call.LastStatusCode ?? HttpStatusCode.OK);
        }

        var lifetime = LifetimeOf(body, requestedAt);
        var token = new OmsAccessToken(body.AccessToken!, requestedAt + lifetime);
        lock (_gate)
        {
            _current = token;
            _refreshAt = token.ExpiresAt - RefreshMarginFor(lifetime);
        }

        return token;
    }

    /// <summary>
    /// The token exchange, as an operation of the call engine: the same bounded body, redaction and error reading as any
    /// call; run inside the attempt that needs the token (never retried on its own: that attempt is).
    /// </summary>
    private OmsOperation<IOmsAuthApi, TokenRequest, TokenResponse, TokenResponse> Exchange => field ??= new()
    {
        Name = Operation,
        SpanName = "oms.auth.token",
        Replay = OmsReplay.Never,
        Send = static (api, request, call, ct) => api.IssueTokenAsync(request, call, ct),
        ResponseType = OmsJsonContext.Default.TokenResponse,
        Map = static wire => wire,
        OnErrorAnswer = ExchangeFailed,
    };

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

    /// <summary>A transient status is a transport failure (the attempt is retried), a 404 a wrong address, the rest a refused key.</summary>
    private Exception ExchangeFailed(OmsErrorAnswer answer) =>
        OmsResiliencePipeline.IsTransient(answer.Status)
            ? OmsHttpRequestExceptions.Create($"The OMS token exchange failed with {(int)answer.Status} {answer.Status}; the call is retried.", null, answer.Status)
            : answer.Status == HttpStatusCode.NotFound
                ? OmsFailure.NoApiAtBaseAddress(answer, _baseAddress)
                : OmsFailure.TokenRefused(answer);
}
