using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Http;

namespace Oms.Sdk.Engine;

/// <summary>
/// Runs one logical OMS call described by an <see cref="OmsOperation{TApi, TRequest, TWire, TResult}"/>: the
/// idempotency key, the call context the handlers share, the span, the metrics, the final error log line, the reading
/// of the answer the response body handler kept, and the one hand-over of a failure to <see cref="OmsExceptionFactory"/>. The retries
/// and the bearer token happen below it, in the handler chain (see <see cref="OmsCompositionRoot"/>).
/// </summary>
internal sealed class OmsCallEngine(OmsClientOptions options, ILogger logger)
{
    private readonly TimeProvider _timeProvider = options.TimeProvider;
    private readonly OmsResilienceOptions _resilience = options.Resilience;
    private readonly string? _secret = options.ApiSecret;

    /// <summary>Runs <paramref name="operation"/> once, retries included, and returns its mapped answer with the call's details.</summary>
    /// <param name="api">The Refit proxy the operation's route is on.</param>
    /// <param name="operation">What to run.</param>
    /// <param name="request">The operation's input, validated by the caller.</param>
    /// <param name="idempotencyKey">The caller's key for an operation that sends one; <see langword="null"/> generates a UUID.</param>
    /// <param name="requestOptions">The caller's settings for this call; <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">The caller's token: its cancellation surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The key or an option is invalid (nothing is sent).</exception>
    public Task<OmsResponse<TResult>> SendWithResponseAsync<TApi, TRequest, TWire, TResult>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        string? idempotencyKey,
        OmsRequestOptions? requestOptions,
        CancellationToken cancellationToken) =>
        RunAsync(api, operation, request, Begin(operation, request, idempotencyKey, requestOptions), static (answer, call) => answer.ToResponse(call), cancellationToken);

    /// <summary>Runs <paramref name="operation"/> and returns its mapped answer alone (no response wrapper is made).</summary>
    /// <inheritdoc cref="SendWithResponseAsync" />
    public Task<TResult> SendAsync<TApi, TRequest, TWire, TResult>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        string? idempotencyKey,
        OmsRequestOptions? requestOptions,
        CancellationToken cancellationToken) =>
        RunAsync(api, operation, request, Begin(operation, request, idempotencyKey, requestOptions), static (answer, _) => answer.Value, cancellationToken);

    /// <summary>The exception for a failure found outside a call of <paramref name="operation"/> (a listing that stopped, say).</summary>
    public OmsException Fail(OmsOperation operation, OmsFailure failure) =>
        OmsExceptionFactory.Create(failure, new OmsCallContext(operation, null, _timeProvider, _secret), _resilience);


    /// <summary>
    /// Sends a request to a route the SDK does not model through the same pipeline, with a descriptor made for it
    /// (<see cref="OmsRawOperation"/>): an <c>Idempotency-Key</c> only when the caller gives one, which is then what makes
    /// a POST, PATCH, PUT or DELETE retryable.
    /// </summary>
    /// <exception cref="ArgumentException">An option or the key is invalid (nothing is sent).</exception>
    public Task<OmsRawResponse> SendRawAsync(HttpClient http, OmsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var given = OmsRequestOptionsValidator.Validate(request.RequestOptions, idempotencyKey: null);
        var key = given is null ? null : OmsIdempotencyKey.ValidateOrCreate(given);
        var operation = OmsRawOperation.For(request);
        var call = new OmsCallContext(operation, key, _timeProvider, _secret) { RequestOptions = request.RequestOptions };
        return RunAsync(http, operation, request, call, static (answer, _) => answer.Value, cancellationToken);
    }

    private OmsCallContext Begin<TApi, TRequest, TWire, TResult>(OmsOperation<TApi, TRequest, TWire, TResult> operation, TRequest request, string? idempotencyKey, OmsRequestOptions? requestOptions)
    {
        var given = OmsRequestOptionsValidator.Validate(requestOptions, idempotencyKey);
        var key = operation.SendsIdempotencyKey ? OmsIdempotencyKey.ValidateOrCreate(given) : null;
        var call = new OmsCallContext(operation, key, _timeProvider, _secret) { RequestOptions = requestOptions };
        operation.WriteOnlyPii?.Invoke(request, call);
        return call;
    }

    /// <summary>One logical call: a span, the operation metrics, and an error log line when it finally fails.</summary>
    private async Task<TOut> RunAsync<TApi, TRequest, TWire, TResult, TOut>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        OmsCallContext call,
        Func<Answer<TResult>, OmsCallContext, TOut> shape,
        CancellationToken cancellationToken)
    {
        using var activity = OmsTelemetry.Source.StartActivity(operation.SpanName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(OmsTelemetry.OperationTag, operation.Name);
            activity.SetTag(OmsTelemetry.CustomerIdTag, operation.SubjectOf?.Invoke(request));
            activity.SetTag(OmsTelemetry.IdempotencyKeyTag, call.IdempotencyKey);
        }

        try
        {
            var answer = await SendCoreAsync(api, operation, request, call, cancellationToken).ConfigureAwait(false);
            if (activity is not null && operation.SubjectOfResult?.Invoke(answer.Value) is { } subject)
            {
                activity.SetTag(OmsTelemetry.CustomerIdTag, subject);
            }

            // The request id is read from the headers only for a span that shows it (or a caller who asked for the details).
            Record(activity, call, OmsTelemetry.Success, answer.StatusCode, activity is null ? null : answer.RequestId(call), errorCode: null);
            return shape(answer, call);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            Record(activity, call, "canceled", call.LastStatusCode, requestId: null, errorCode: null);
            if (e.CancellationToken == cancellationToken)
            {
                throw;
            }

            // .NET Framework's HttpClient reports a token of its own: the caller gets theirs, as on every target.
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
        catch (Exception failure)
        {
            // The one place a failure becomes what the caller sees: nothing but an OmsException leaves a call.
            var ex = OmsExceptionFactory.Create(failure, call, _resilience);
            var apiError = ex as OmsApiException;
            var status = ex.LastStatusCode;
            var errorType = ex.GetType().Name;
            Record(activity, call, errorType, status, apiError?.RequestId, apiError?.ErrorCode);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            if (logger.IsEnabled(LogLevel.Warning))
            {
                // Seven values: past what LoggerMessage guards by itself, so the level is checked here.
                OmsLog.OperationFailed(logger, call.Operation, call.Attempts, errorType, status, apiError?.ErrorCode, apiError?.RequestId, call.IdempotencyKey);
            }

            if (ReferenceEquals(ex, failure))
            {
                throw;
            }

            throw ex;
        }
    }

    private static void Record(Activity? activity, OmsCallContext call, string outcome, HttpStatusCode? status, string? requestId, string? errorCode)
    {
        if (OmsTelemetry.Operations.Enabled || OmsTelemetry.OperationDuration.Enabled)
        {
            // Built only when someone listens: the status tag boxes.
            var operationTag = new KeyValuePair<string, object?>(OmsTelemetry.OperationTag, call.Operation);
            var outcomeTag = new KeyValuePair<string, object?>(OmsTelemetry.OutcomeTag, outcome);
            var statusTag = new KeyValuePair<string, object?>(OmsTelemetry.StatusCodeTag, status is { } s ? (int)s : null);
            OmsTelemetry.Operations.Add(1, operationTag, outcomeTag, statusTag);
            OmsTelemetry.OperationDuration.Record(call.Elapsed.TotalSeconds, operationTag, outcomeTag, statusTag);
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag(OmsTelemetry.AttemptsTag, call.Attempts);
        activity.SetTag(OmsTelemetry.OutcomeTag, outcome);
        activity.SetTag(OmsTelemetry.StatusCodeTag, status is { } code ? (int)code : null);
        activity.SetTag(OmsTelemetry.RequestIdTag, requestId);
        activity.SetTag(OmsTelemetry.ErrorCodeTag, errorCode);
        if (outcome != OmsTelemetry.Success)
        {
            activity.SetTag(OmsTelemetry.ErrorTypeTag, outcome);
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> for an inner layer (the token exchange): no span, no operation metrics, and its
    /// failures left as facts (<see cref="OmsFailure"/>, <see cref="HttpRequestException"/>) for the call it serves.
    /// </summary>
    public async ValueTask<TResult> SendInnerAsync<TApi, TRequest, TWire, TResult>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        OmsCallContext call,
        CancellationToken cancellationToken) =>
        (await SendCoreAsync(api, operation, request, call, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Sends, and reads the answer the response body handler kept on <paramref name="call"/>: a value, or a failure.</summary>
    private async ValueTask<Answer<TResult>> SendCoreAsync<TApi, TRequest, TWire, TResult>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        OmsCallContext call,
        CancellationToken cancellationToken)
    {
        using var response = await operation.Send(api, request, call, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var answer = OmsErrorResponse.Read(response, call, _timeProvider);
                throw operation.OnErrorAnswer?.Invoke(answer) ?? OmsFailure.ErrorAnswer(call.Operation, answer);
            }

            if (operation.ReadRaw is { } readRaw)
            {
                // A route the SDK does not model: the body the response body handler kept is handed over as bytes, unparsed.
                return new Answer<TResult>(readRaw(call.Body, response, call), response);
            }

            var value = call.Body.Deserialize(operation.ResponseType!) ?? throw OmsFailure.NoValue(call.Operation, response.StatusCode, typeof(TResult));
            return new Answer<TResult>(operation.Map(value), response);
        }
        finally
        {
            // Everything that outlives the call was decoded or copied above: the body's array goes back to the pool.
            call.ReleaseBody();
        }
    }

    /// <summary>
    /// A successful answer, mapped, and the response it came in: a struct, so a call that does not ask for the details
    /// allocates no wrapper (the headers are copied only for a caller who asked for them). The response is disposed by
    /// then, which leaves its headers readable (only its content goes).
    /// </summary>
    private readonly record struct Answer<TResult>(TResult Value, HttpResponseMessage Response)
    {
        public HttpStatusCode StatusCode => Response.StatusCode;

        /// <summary>The request id the answer carries, read (and redacted) on demand: most calls never ask.</summary>
        public string? RequestId(OmsCallContext call) => OmsErrorResponse.ReadRequestId(Response, call);

        public OmsResponse<TResult> ToResponse(OmsCallContext call) => new()
        {
            Value = Value,
            StatusCode = StatusCode,
            IdempotencyKey = call.IdempotencyKey,
            RequestId = RequestId(call),
            Attempts = call.Attempts,
            Headers = OmsResponseHeaders.From(Response.Headers, Response.Content.Headers, call.Redact),
        };
    }
}
