using System.Collections.ObjectModel;
using System.Net;
using System.Text.Json;
using Oms.Sdk.Serialization;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk;

/// <summary>
/// Builds the SDK's response models, webhook events and exceptions with any value, for tests of code that uses
/// <see cref="IOmsClient"/> through a mock or a hand-written fake (as Azure SDK's model factories do): a
/// <see cref="CustomerPage"/> with a next cursor, a customer with granted endorsements, an error carrying a status, code,
/// request id, idempotency key and <c>Retry-After</c>. Nothing here calls OMS.
/// </summary>
/// <remarks>
/// Values are taken as given, not validated. Enum parameters write the wire spelling OMS uses (for example
/// <see cref="EndorsementStatus.Approved"/> becomes <c>approved</c>); for a value this SDK does not know, set the raw
/// string on the result (<c>customer with { RawStatus = "suspended" }</c>). The webhook exceptions
/// (<see cref="OmsWebhookSignatureException"/>, <see cref="OmsWebhookPayloadException"/>) have public constructors.
/// </remarks>
/// <example><code>
/// var page = OmsModelFactory.CustomerPage(
///     [OmsModelFactory.Customer("cst_1", email: "jane@example.com", endorsements: [OmsModelFactory.CustomerEndorsement(Endorsement.Usd)])],
///     nextCursor: "page-2");
/// var notFound = OmsModelFactory.OmsNotFoundException(requestId: "req_42", operation: "customers.get");
/// </code></example>
public static class OmsModelFactory
{
    /// <summary>A customer, every property settable. The type is <c>individual</c>, the object <c>customer</c>.</summary>
    /// <param name="id">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>.</param>
    /// <param name="firstName">First name.</param>
    /// <param name="middleName">Middle name.</param>
    /// <param name="lastName">Last name.</param>
    /// <param name="email">Email address.</param>
    /// <param name="phone">Phone number in E.164 form.</param>
    /// <param name="nationality">ISO 3166-1 alpha-2 code.</param>
    /// <param name="externalId">Your own id for the customer.</param>
    /// <param name="status">The coarse status; not <see cref="CustomerStatus.Unknown"/>.</param>
    /// <param name="signedAgreement">Whether the agreement is signed.</param>
    /// <param name="signedAgreementAt">When it was signed.</param>
    /// <param name="wallets">The wallets (see <see cref="Wallet(string, string?, string?, string?, string?, decimal?, decimal?, DateTimeOffset?)"/>); none by default.</param>
    /// <param name="endorsements">The endorsements (see <see cref="CustomerEndorsement"/>); none by default.</param>
    /// <param name="metadata">The metadata, copied; empty by default.</param>
    /// <param name="createdAt">When the customer was created.</param>
    /// <param name="updatedAt">When it was last updated; <see langword="null"/> for <paramref name="createdAt"/>.</param>
    /// <returns>The customer.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or <paramref name="status"/> is <see cref="CustomerStatus.Unknown"/>.</exception>
    public static Customer Customer(
        string id,
        string? firstName = null,
        string? middleName = null,
        string? lastName = null,
        string? email = null,
        string? phone = null,
        string? nationality = null,
        string? externalId = null,
        CustomerStatus status = CustomerStatus.Active,
        bool? signedAgreement = null,
        DateTimeOffset? signedAgreementAt = null,
        IEnumerable<Wallet>? wallets = null,
        IEnumerable<CustomerEndorsement>? endorsements = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        DateTimeOffset createdAt = default,
        DateTimeOffset? updatedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Customer
        {
            Id = id,
            Object = "customer",
            RawType = WireNames.ToWire(CustomerType.Individual),
            FirstName = firstName,
            MiddleName = middleName,
            LastName = lastName,
            Email = email,
            Phone = phone,
            Nationality = nationality,
            ExternalId = externalId,
            RawStatus = Known(status, CustomerStatus.Unknown, nameof(status), WireNames.ToWire),
            SignedAgreement = signedAgreement,
            SignedAgreementAt = signedAgreementAt,
            Wallets = ReadOnly(wallets),
            Endorsements = ReadOnly(endorsements),
            Metadata = metadata is null ? null! : new ReadOnlyDictionary<string, string>(metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
            CreatedAt = createdAt,
            UpdatedAt = updatedAt ?? createdAt,
        };
    }

    /// <summary>An endorsement of a customer; granted (<c>approved</c>) by default.</summary>
    /// <param name="name">The endorsement; not <see cref="Endorsement.Unknown"/>.</param>
    /// <param name="status">Its status; not <see cref="EndorsementStatus.Unknown"/>.</param>
    /// <param name="rejectionReasons">Why it was rejected, if it was.</param>
    /// <param name="requirements">What it still needs (see <see cref="EndorsementRequirements"/>); none by default.</param>
    /// <returns>The endorsement.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="status"/> is <c>Unknown</c>.</exception>
    public static CustomerEndorsement CustomerEndorsement(
        Endorsement name,
        EndorsementStatus status = EndorsementStatus.Approved,
        IEnumerable<string>? rejectionReasons = null,
        EndorsementRequirements? requirements = null) => new()
        {
            RawName = Known(name, Endorsement.Unknown, nameof(name), WireNames.ToWire),
            RawStatus = Known(status, EndorsementStatus.Unknown, nameof(status), WireNames.ToWire),
            RejectionReasons = ReadOnly(rejectionReasons),
            Requirements = requirements!,
        };

    /// <summary>The requirements of an endorsement, grouped by state.</summary>
    /// <param name="complete">Requirements met.</param>
    /// <param name="pending">Requirements under review.</param>
    /// <param name="missing">Requirements not yet provided.</param>
    /// <param name="issues">Problems found with what was provided.</param>
    /// <returns>The requirements.</returns>
    public static EndorsementRequirements EndorsementRequirements(
        IEnumerable<string>? complete = null,
        IEnumerable<string>? pending = null,
        IEnumerable<string>? missing = null,
        IEnumerable<string>? issues = null) => new()
        {
            Complete = ReadOnly(complete),
            Pending = ReadOnly(pending),
            Missing = ReadOnly(missing),
            Issues = ReadOnly(issues),
        };

    /// <summary>A wallet of a customer.</summary>
    /// <param name="id">The wallet id, for example <c>wlt_01H9Xb3K7nM2pQ4r</c>.</param>
    /// <param name="type">The wallet type, for example <c>custodial</c>.</param>
    /// <param name="address">The on-chain address.</param>
    /// <param name="network">The network, for example <c>polygon</c>.</param>
    /// <param name="asset">The asset, for example <c>usdc</c>.</param>
    /// <param name="balance">The balance.</param>
    /// <param name="estimatedValueUsd">The estimated value in USD.</param>
    /// <param name="createdAt">When the wallet was created.</param>
    /// <returns>The wallet.</returns>
    public static Wallet Wallet(
        string id,
        string? type = "custodial",
        string? address = null,
        string? network = "polygon",
        string? asset = "usdc",
        decimal? balance = null,
        decimal? estimatedValueUsd = null,
        DateTimeOffset? createdAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Wallet
        {
            Id = id,
            Type = type,
            Address = address,
            Network = network,
            Asset = asset,
            Balance = balance,
            EstimatedValueUsd = estimatedValueUsd,
            CreatedAt = createdAt,
        };
    }

    /// <summary>
    /// One page of customers. With a <paramref name="nextCursor"/> the page says more follow
    /// (<see cref="CustomerPage.HasMore"/>) and <see cref="CustomerPage.NextCursor"/> returns it; without one it is the last.
    /// </summary>
    /// <param name="items">The customers on the page.</param>
    /// <param name="nextCursor">The cursor of the next page; <see langword="null"/> for the last page.</param>
    /// <returns>The page.</returns>
    /// <example><code>
    /// var first = OmsModelFactory.CustomerPage([jane], nextCursor: "c2");
    /// var last = OmsModelFactory.CustomerPage([john]);
    /// </code></example>
    public static CustomerPage CustomerPage(IEnumerable<Customer>? items, string? nextCursor = null) => new()
    {
        Items = ReadOnly(items),
        HasMore = !string.IsNullOrEmpty(nextCursor),
        WireCursor = string.IsNullOrEmpty(nextCursor) ? null : nextCursor,
    };

    /// <summary>A successful call's answer with its details, as the <c>…WithResponseAsync</c> methods return.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value, for example a customer.</param>
    /// <param name="statusCode">The HTTP status, for example <see cref="HttpStatusCode.Created"/>.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <returns>The response.</returns>
    public static OmsResponse<T> OmsResponse<T>(T value, HttpStatusCode statusCode = HttpStatusCode.OK, string? requestId = null, string? idempotencyKey = null, int attempts = 1) => new()
    {
        Value = value,
        StatusCode = statusCode,
        RequestId = requestId,
        IdempotencyKey = idempotencyKey,
        Attempts = attempts,
    };

    /// <summary>A <c>customer.endorsement.granted</c> event, as <see cref="OmsWebhookVerifier"/> produces from a delivery.</summary>
    /// <param name="customer">The customer as of the event; its approved endorsements are the granted ones.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <returns>The event.</returns>
    public static CustomerEndorsementGrantedEvent CustomerEndorsementGrantedEvent(Customer customer, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerEndorsementGrantedEvent
        {
            WebhookId = webhookId ?? NewWebhookId(),
            Type = Webhooks.CustomerEndorsementGrantedEvent.EventType,
            Timestamp = timestamp,
            Id = id,
            Customer = customer,
        };
    }

    /// <summary>Another <c>customer.*</c> event with the customer it is about.</summary>
    /// <param name="type">The event type, starting <c>customer.</c>, for example <c>customer.updated</c>.</param>
    /// <param name="customer">The customer.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <returns>The event.</returns>
    public static CustomerEvent CustomerEvent(string type, Customer customer, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerEvent { WebhookId = webhookId ?? NewWebhookId(), Type = type, Timestamp = timestamp, Id = id, Customer = customer };
    }

    /// <summary>An event of a type this SDK does not model, with its raw <c>data</c>.</summary>
    /// <param name="type">The event type, for example <c>wallet.depositDetected</c>.</param>
    /// <param name="data">The envelope's <c>data</c>; cloned, so the document it comes from may be disposed.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <returns>The event.</returns>
    public static UnknownOmsEvent UnknownOmsEvent(string type, JsonElement data = default, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return new UnknownOmsEvent
        {
            WebhookId = webhookId ?? NewWebhookId(),
            Type = type,
            Timestamp = timestamp,
            Id = id,
            Data = data.ValueKind == JsonValueKind.Undefined ? default : data.Clone(),
        };
    }

    /// <summary>OMS answered with an error status that has no more specific exception (for example 403 or 500).</summary>
    /// <param name="statusCode">The HTTP status; also <see cref="OmsException.LastStatusCode"/>.</param>
    /// <param name="errorCode">The error code from the body.</param>
    /// <param name="errorMessage">The error message from the body.</param>
    /// <param name="requestId">The request id header.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> wait.</param>
    /// <param name="rawBody">The body as received.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="message">The exception message; <see langword="null"/> for one built from the status and body.</param>
    /// <returns>The exception, not thrown.</returns>
    public static OmsApiException OmsApiException(
        HttpStatusCode statusCode,
        string? errorCode = null,
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsApiException(message ?? Describe(statusCode, errorCode, errorMessage), statusCode), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>404: no such customer.</summary>
    /// <inheritdoc cref="OmsApiException(HttpStatusCode, string?, string?, string?, TimeSpan?, string?, string?, int, string?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsNotFoundException OmsNotFoundException(
        string? errorCode = "not_found",
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsNotFoundException(message ?? Describe(HttpStatusCode.NotFound, errorCode, errorMessage)), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>401 after a refresh, or a refused token exchange.</summary>
    /// <inheritdoc cref="OmsApiException(HttpStatusCode, string?, string?, string?, TimeSpan?, string?, string?, int, string?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsAuthenticationException OmsAuthenticationException(
        HttpStatusCode statusCode = HttpStatusCode.Unauthorized,
        string? errorCode = "unauthorized",
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsAuthenticationException(message ?? Describe(statusCode, errorCode, errorMessage), statusCode), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>400 or 422: OMS rejected the request's content.</summary>
    /// <inheritdoc cref="OmsApiException(HttpStatusCode, string?, string?, string?, TimeSpan?, string?, string?, int, string?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsValidationException OmsValidationException(
        HttpStatusCode statusCode = (HttpStatusCode)422,
        string? errorCode = "validation_error",
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsValidationException(message ?? Describe(statusCode, errorCode, errorMessage), statusCode), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>409: most often an idempotency key reused with another body.</summary>
    /// <inheritdoc cref="OmsApiException(HttpStatusCode, string?, string?, string?, TimeSpan?, string?, string?, int, string?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsConflictException OmsConflictException(
        string? errorCode = "conflict",
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsConflictException(message ?? Describe(HttpStatusCode.Conflict, errorCode, errorMessage)), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>429: OMS is rate limiting; <paramref name="retryAfter"/> says for how long.</summary>
    /// <inheritdoc cref="OmsApiException(HttpStatusCode, string?, string?, string?, TimeSpan?, string?, string?, int, string?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsRateLimitedException OmsRateLimitedException(
        TimeSpan? retryAfter = null,
        string? errorCode = "rate_limited",
        string? errorMessage = null,
        string? requestId = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        string? message = null) =>
        Api(new OmsRateLimitedException(message ?? Describe(HttpStatusCode.TooManyRequests, errorCode, errorMessage)), errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey);

    /// <summary>The call ran out of time.</summary>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="lastStatusCode">The status of the last answer before the time ran out, if any came.</param>
    /// <param name="innerException">The cause, for example a <see cref="TimeoutException"/>.</param>
    /// <param name="message">The exception message; <see langword="null"/> for a default one.</param>
    /// <returns>The exception, not thrown.</returns>
    public static OmsTimeoutException OmsTimeoutException(
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        HttpStatusCode? lastStatusCode = null,
        Exception? innerException = null,
        string? message = null) =>
        Stamp(new OmsTimeoutException(message ?? "The OMS call ran out of time.", innerException), operation, attempts, idempotencyKey, lastStatusCode);

    /// <summary>OMS could not be reached on any attempt.</summary>
    /// <inheritdoc cref="OmsTimeoutException(string?, int, string?, HttpStatusCode?, Exception?, string?)" path="/param"/>
    /// <returns>The exception, not thrown.</returns>
    public static OmsConnectionException OmsConnectionException(
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        HttpStatusCode? lastStatusCode = null,
        Exception? innerException = null,
        string? message = null) =>
        Stamp(new OmsConnectionException(message ?? "OMS could not be reached.", innerException), operation, attempts, idempotencyKey, lastStatusCode);

    /// <summary>OMS answered with success but a body the operation does not expect.</summary>
    /// <param name="statusCode">The status of that answer; also <see cref="OmsException.LastStatusCode"/>.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.get</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="innerException">The cause, for example a <see cref="JsonException"/>.</param>
    /// <param name="message">The exception message; <see langword="null"/> for a default one.</param>
    /// <returns>The exception, not thrown.</returns>
    public static OmsUnexpectedResponseException OmsUnexpectedResponseException(
        HttpStatusCode? statusCode = HttpStatusCode.OK,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        Exception? innerException = null,
        string? message = null) =>
        Stamp(new OmsUnexpectedResponseException(message ?? "OMS answered with a body the operation does not expect.", innerException) { StatusCode = statusCode }, operation, attempts, idempotencyKey, statusCode);

    private static TException Api<TException>(TException exception, string? errorCode, string? errorMessage, string? requestId, TimeSpan? retryAfter, string? rawBody, string? operation, int attempts, string? idempotencyKey)
        where TException : OmsApiException
    {
        exception.ErrorCode = errorCode;
        exception.ErrorMessage = errorMessage;
        exception.RequestId = requestId;
        exception.RetryAfter = retryAfter;
        exception.RawBody = rawBody;
        return Stamp(exception, operation, attempts, idempotencyKey, exception.StatusCode);
    }

    private static TException Stamp<TException>(TException exception, string? operation, int attempts, string? idempotencyKey, HttpStatusCode? lastStatusCode)
        where TException : OmsException
    {
        exception.Operation = operation;
        exception.Attempts = attempts;
        exception.IdempotencyKey = idempotencyKey;
        exception.LastStatusCode = lastStatusCode;
        return exception;
    }

    private static string Describe(HttpStatusCode status, string? errorCode, string? errorMessage) =>
        $"OMS answered {(int)status} {status}{(errorCode is null ? string.Empty : $" ({errorCode})")}{(errorMessage is null ? "." : ": " + errorMessage)}";

    private static string Known<TEnum>(TEnum value, TEnum unknown, string parameter, Func<TEnum, string> toWire)
        where TEnum : struct, Enum =>
        EqualityComparer<TEnum>.Default.Equals(value, unknown)
            ? throw new ArgumentOutOfRangeException(parameter, value, $"{typeof(TEnum).Name}.Unknown has no wire spelling; build with a known value and set the raw string on the result with 'with'.")
            : toWire(value);

    private static ReadOnlyCollection<T> ReadOnly<T>(IEnumerable<T>? items) => items is null ? ReadOnlyCollection<T>.Empty : new List<T>(items).AsReadOnly();

    private static string NewWebhookId() => "msg_" + Guid.NewGuid().ToString("N");
}
