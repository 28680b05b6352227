using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Http;
using Polly.Timeout;

namespace Oms.Sdk.Engine;

/// <summary>
/// Runs one logical OMS call described by an <see cref="OmsOperation{TApi, TRequest, TWire, TResult}"/>: the
/// idempotency key, the call context the handlers share, the span, the metrics, the final error log line, the mapping
/// of transport failures and error answers to the SDK's exceptions, and the reading of the answer's body. The retries
/// and the bearer token happen below it, in the handler chain (see <see cref="OmsPipeline"/>).
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

            Record(activity, call, OmsTelemetry.Success, answer.StatusCode, answer.RequestId, errorCode: null);
            return shape(answer, call);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Record(activity, call, "canceled", call.LastStatusCode, requestId: null, errorCode: null);
            throw;
        }
        catch (OmsException ex)
        {
            var apiError = ex as OmsApiException;
            var status = apiError?.StatusCode ?? ex.LastStatusCode;
            var errorType = ex.GetType().Name;
            Record(activity, call, errorType, status, apiError?.RequestId, apiError?.ErrorCode);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            if (logger.IsEnabled(LogLevel.Warning))
            {
                // Seven values: past what LoggerMessage guards by itself, so the level is checked here.
                OmsLog.OperationFailed(logger, call.Operation, call.Attempts, errorType, status, apiError?.ErrorCode, apiError?.RequestId, call.IdempotencyKey);
            }

            throw;
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

    /// <summary>Sends, maps a failure to the SDK's exception, and reads the body of a success.</summary>
    private async ValueTask<Answer<TResult>> SendCoreAsync<TApi, TRequest, TWire, TResult>(
        TApi api,
        OmsOperation<TApi, TRequest, TWire, TResult> operation,
        TRequest request,
        OmsCallContext call,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await operation.Send(api, request, call, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            throw OmsCallFailures.Stamp(new OmsTimeoutException(OmsCallFailures.TimeoutMessage(call, _resilience), ex), call);
        }
        catch (HttpRequestException ex) when (call.Elapsed >= call.TotalTimeout(_resilience))
        {
            // The total timeout cancelled an attempt mid-connection; the handler reports that as a transport error.
            throw OmsCallFailures.Stamp(new OmsTimeoutException(OmsCallFailures.TimeoutMessage(call, _resilience), ex), call);
        }
        catch (HttpRequestException ex)
        {
            throw OmsCallFailures.Stamp(new OmsConnectionException(OmsCallFailures.ConnectionMessage(call, ex), ex), call);
        }
        catch (OmsException ex)
        {
            throw OmsCallFailures.Stamp(ex, call);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await OmsErrorResponse.ToExceptionAsync(response, call, call.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (operation.ReadRaw is { } readRaw)
            {
                // A route the SDK does not model: the body is handed over as bytes, unparsed.
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return new Answer<TResult>(readRaw(bytes, response, call), response);
            }

            TWire? value;
            try
            {
                // The body was read whole inside the attempt: parse it in place unless it needs transcoding.
                if (response.Content is not OmsBufferedContent body || !body.TryDeserialize(operation.ResponseType!, out value))
                {
                    value = await response.Content.ReadFromJsonAsync(operation.ResponseType!, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw OmsCallFailures.Stamp(new OmsUnexpectedResponseException(OmsCallFailures.BadBodyMessage(call, response.StatusCode, typeof(TResult).Name), ex) { StatusCode = response.StatusCode }, call);
            }

            if (value is null)
            {
                throw OmsCallFailures.Stamp(new OmsUnexpectedResponseException(OmsCallFailures.BadBodyMessage(call, response.StatusCode, typeof(TResult).Name), null) { StatusCode = response.StatusCode }, call);
            }

            return new Answer<TResult>(operation.Map(value), response);
        }
    }

    /// <summary>
    /// A successful answer, mapped, and the response it came in: a struct, so a call that does not ask for the details
    /// allocates no wrapper (the headers are copied only for a caller who asked for them).
    /// </summary>
    private readonly record struct Answer<TResult>(TResult Value, HttpResponseMessage Response)
    {
        public HttpStatusCode StatusCode => Response.StatusCode;

        public string? RequestId => OmsErrorResponse.ReadRequestId(Response);

        public OmsResponse<TResult> ToResponse(OmsCallContext call) => new()
        {
            Value = Value,
            StatusCode = StatusCode,
            IdempotencyKey = call.IdempotencyKey,
            RequestId = RequestId,
            Attempts = call.Attempts,
            Headers = OmsResponseHeaders.From(Response.Headers, Response.Content.Headers, call.Redact),
        };
    }
}
