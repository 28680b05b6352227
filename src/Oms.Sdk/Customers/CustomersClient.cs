using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Http;
using Oms.Sdk.Serialization;
using Polly.Timeout;

namespace Oms.Sdk.Customers;

/// <summary>The Customers resource over the generated Refit client. Validates input, maps answers and errors.</summary>
internal sealed class CustomersClient(IOmsCustomersApi api, OmsClientOptions options, ILogger logger) : ICustomersClient
{
    private readonly TimeProvider timeProvider = options.TimeProvider;
    private readonly OmsResilienceOptions resilience = options.Resilience;

    private const int MaxIdempotencyKeyLength = 255;

    public async Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        (await CreateWithResponseAsync(request, idempotencyKey, cancellationToken).ConfigureAwait(false)).Value;

    public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var key = idempotencyKey is null ? Guid.NewGuid().ToString() : ValidateIdempotencyKey(idempotencyKey);
        var call = NewCall("customers.create", key);
        AddWriteOnlyPii(call, request);
        return SendAsync(call, ct => api.CreateCustomerAsync(request, key, call, ct), OmsJsonContext.Default.CustomerWire, static wire => wire.ToCustomer(), cancellationToken);
    }

    public async Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ValidateCustomerId(customerId);
        var call = NewCall("customers.get", null);
        var response = await SendAsync(call, ct => api.GetCustomerAsync(customerId, call, ct), OmsJsonContext.Default.CustomerWire, static wire => wire.ToCustomer(), cancellationToken, customerId).ConfigureAwait(false);
        return response.Value;
    }

    public async Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        ValidateLimit(options.Limit);
        var call = NewCall("customers.list", null);
        var response = await SendAsync(
            call,
            ct => api.ListCustomersAsync(
                options.Limit,
                options.Cursor,
                options.Status is { } status ? WireNames.ToWire(status) : null,
                options.Email,
                options.ExternalId,
                FormatInstant(options.CreatedAfter),
                FormatInstant(options.CreatedBefore),
                call,
                ct),
            OmsJsonContext.Default.CustomerPageWire,
            static wire => wire.ToPage(),
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        ValidateLimit(options.Limit);
        return Walk(options, cancellationToken);
    }

    private async IAsyncEnumerable<Customer> Walk(ListCustomersOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (options.Cursor is { } start)
        {
            seen.Add(start);
        }

        var next = options;
        while (true)
        {
            var page = await ListAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var customer in page.Items)
            {
                yield return customer;
            }

            if (page.NextCursor is not { } cursor)
            {
                yield break;
            }

            if (!seen.Add(cursor))
            {
                throw new OmsUnexpectedResponseException(
                    $"OMS returned a page cursor it had already returned ({seen.Count} pages read); listing stopped rather than loop forever. Report this to OMS with the cursor '{cursor}'.",
                    null)
                { Operation = "customers.list", StatusCode = HttpStatusCode.OK };
            }

            next = options with { Cursor = cursor };
        }
    }

    private OmsCallContext NewCall(string operation, string? idempotencyKey)
    {
        return new OmsCallContext(operation, idempotencyKey, timeProvider, options.ApiSecret);
    }

    private static void AddWriteOnlyPii(OmsCallContext call, CreateCustomerRequest request)
    {
        call.AddPii(request.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        call.AddPii(request.IpAddress);
        if (request.ResidentialAddress is { } address)
        {
            call.AddPii(address.Line1);
            call.AddPii(address.Line2);
            call.AddPii(address.City);
            call.AddPii(address.ZipCode);
        }

        foreach (var document in request.IdentifyingInformation ?? [])
        {
            call.AddPii(document.Number);
        }
    }

    /// <summary>One logical call: a span, the operation metrics, and an error log line when it finally fails.</summary>
    private async Task<OmsResponse<T>> SendAsync<TWire, T>(
        OmsCallContext call,
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        JsonTypeInfo<TWire> typeInfo,
        Func<TWire, T> map,
        CancellationToken cancellationToken,
        string? customerId = null)
    {
        using var activity = OmsTelemetry.Source.StartActivity(OmsTelemetry.SpanName(call.Operation), ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(OmsTelemetry.OperationTag, call.Operation);
            activity.SetTag(OmsTelemetry.CustomerIdTag, customerId);
            activity.SetTag(OmsTelemetry.IdempotencyKeyTag, call.IdempotencyKey);
        }

        try
        {
            var response = await SendCoreAsync(call, send, typeInfo, map, cancellationToken).ConfigureAwait(false);
            if (response.Value is Customer customer)
            {
                activity?.SetTag(OmsTelemetry.CustomerIdTag, customer.Id);
            }

            Record(activity, call, OmsTelemetry.Success, response.StatusCode, response.RequestId, errorCode: null);
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Record(activity, call, "canceled", call.LastStatusCode, requestId: null, errorCode: null);
            throw;
        }
        catch (OmsException ex)
        {
            var api = ex as OmsApiException;
            var status = api?.StatusCode ?? ex.LastStatusCode;
            var errorType = ex.GetType().Name;
            Record(activity, call, errorType, status, api?.RequestId, api?.ErrorCode);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            if (logger.IsEnabled(LogLevel.Error))
            {
                // Seven values: past what LoggerMessage guards by itself, so the level is checked here.
                OmsLog.OperationFailed(logger, call.Operation, call.Attempts, errorType, status, api?.ErrorCode, api?.RequestId, call.IdempotencyKey);
            }
            throw;
        }
    }

    private void Record(Activity? activity, OmsCallContext call, string outcome, HttpStatusCode? status, string? requestId, string? errorCode)
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

    private async Task<OmsResponse<T>> SendCoreAsync<TWire, T>(
        OmsCallContext call,
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        JsonTypeInfo<TWire> typeInfo,
        Func<TWire, T> map,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            throw Stamp(new OmsTimeoutException(TimeoutMessage(call), ex), call);
        }
        catch (HttpRequestException ex) when (call.Elapsed >= resilience.TotalTimeout)
        {
            // The total timeout cancelled an attempt mid-connection; the handler reports that as a transport error.
            throw Stamp(new OmsTimeoutException(TimeoutMessage(call), ex), call);
        }
        catch (HttpRequestException ex)
        {
            throw Stamp(new OmsConnectionException(ConnectionMessage(call, ex), ex), call);
        }
        catch (OmsException ex)
        {
            throw Stamp(ex, call);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await OmsErrorResponse.ToExceptionAsync(response, call, call.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            TWire? value;
            try
            {
                // The body was read whole inside the attempt: parse it in place unless it needs transcoding.
                if (response.Content is not OmsBufferedContent body || !body.TryDeserialize(typeInfo, out value))
                {
                    value = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (JsonException ex)
            {
                throw Stamp(new OmsUnexpectedResponseException(BadBodyMessage(call, response.StatusCode, typeof(T).Name), ex) { StatusCode = response.StatusCode }, call);
            }

            if (value is null)
            {
                throw Stamp(new OmsUnexpectedResponseException(BadBodyMessage(call, response.StatusCode, typeof(T).Name), null) { StatusCode = response.StatusCode }, call);
            }

            return new OmsResponse<T>
            {
                Value = map(value),
                StatusCode = response.StatusCode,
                IdempotencyKey = call.IdempotencyKey,
                RequestId = OmsErrorResponse.ReadRequestId(response),
                Attempts = call.Attempts,
            };
        }
    }

    private static TException Stamp<TException>(TException exception, OmsCallContext call)
        where TException : OmsException
    {
        exception.Operation ??= call.Operation;
        exception.Attempts = call.Attempts;
        exception.IdempotencyKey ??= call.IdempotencyKey;
        exception.LastStatusCode ??= call.LastStatusCode;
        return exception;
    }

    private string TimeoutMessage(OmsCallContext call) =>
        $"{call.Operation} ran out of time after {call.Attempts} attempt(s) and {call.Elapsed.TotalSeconds:0.###} s{LastStatus(call)}: " +
        (call.Elapsed >= resilience.TotalTimeout
            ? $"the call exceeded Resilience.TotalTimeout ({resilience.TotalTimeout.TotalSeconds:0.###} s). "
            : $"the last attempt exceeded Resilience.AttemptTimeout ({resilience.AttemptTimeout.TotalSeconds:0.###} s). ") +
        "Raise it if OMS is slow for you" +
        (call.IdempotencyKey is { } key ? $"; retry with Idempotency-Key {key} to avoid a duplicate." : ".");

    private static string ConnectionMessage(OmsCallContext call, HttpRequestException ex) =>
        $"{call.Operation} could not reach OMS after {call.Attempts} attempt(s){LastStatus(call)}: {ex.Message} Check BaseAddress and the network" +
        (call.IdempotencyKey is { } key ? $"; retry with Idempotency-Key {key} to avoid a duplicate." : ".");

    private static string BadBodyMessage(OmsCallContext call, HttpStatusCode status, string expected) =>
        $"OMS answered {call.Operation} with {(int)status} {status} but the body is not a valid {expected}. " +
        "Check that BaseAddress points at the OMS API (not a proxy or web page)" +
        (call.IdempotencyKey is { } key ? $"; the create may have succeeded: retry with Idempotency-Key {key} to get it without a duplicate." : ".");

    private static string LastStatus(OmsCallContext call) =>
        call.LastStatusCode is { } status ? $" (last answer {(int)status} {status})" : string.Empty;

    private static void Validate(CreateCustomerRequest request)
    {
        if (request.Type == CustomerType.Unknown)
        {
            throw new ArgumentException("CreateCustomerRequest.Type must be a known type (CustomerType.Individual).", nameof(request));
        }

        if (request.Endorsements is { } endorsements && endorsements.Contains(Endorsement.Unknown))
        {
            throw new ArgumentException("CreateCustomerRequest.Endorsements must not contain Endorsement.Unknown.", nameof(request));
        }

        if (request.IdentifyingInformation is { } documents && documents.Any(d => d is null || d.Type == IdentifyingDocumentType.Unknown))
        {
            throw new ArgumentException("CreateCustomerRequest.IdentifyingInformation must not contain null entries or IdentifyingDocumentType.Unknown.", nameof(request));
        }
    }

    private static string ValidateIdempotencyKey(string key)
    {
        if (key.Length == 0 || key.Length > MaxIdempotencyKeyLength || string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"The idempotency key must be 1 to {MaxIdempotencyKeyLength} characters and not blank.", nameof(key));
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                throw new ArgumentException("The idempotency key must be printable ASCII without spaces (a UUID is a good choice).", nameof(key));
            }
        }

        return key;
    }

    private static void ValidateCustomerId(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (customerId is "." or "..")
        {
            throw new ArgumentException("The customer id cannot be '.' or '..'; OMS ids look like cst_01H9Xa8F5dN6mP3q.", nameof(customerId));
        }
    }

    private static void ValidateLimit(int? limit)
    {
        if (limit is < 1 or > ListCustomersOptions.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"ListCustomersOptions.Limit must be between 1 and {ListCustomersOptions.MaxLimit}.");
        }
    }

    private static string? FormatInstant(DateTimeOffset? instant) =>
        instant?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
