using System.Globalization;
using Oms.Sdk.Engine;
using Oms.Sdk.Http;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Customers;

/// <summary>The descriptors of the Customers operations: name, span, replay rule, route, answer type, mapping and write-only PII.</summary>
internal static class CustomerOperations
{
    public static readonly OmsOperation<IOmsCustomersApi, CreateCustomerRequest, Customer, Customer> Create = ReturningCustomer<CreateCustomerRequest>(
        "customers.create",
        OmsReplay.WithIdempotencyKey,
        static (api, request, call, ct) => api.CreateCustomerAsync(request, call.IdempotencyKey!, call, ct),
        writeOnlyPii: static (request, call) => AddWriteOnlyPii(call, request.BirthDate, request.IpAddress, request.ResidentialAddress, request.IdentifyingInformation));

    public static readonly OmsOperation<IOmsCustomersApi, string, Customer, Customer> Get = ReturningCustomer<string>(
        "customers.get",
        OmsReplay.Always,
        static (api, customerId, call, ct) => api.GetCustomerAsync(customerId, call, ct),
        subjectOf: static customerId => customerId);

    public static readonly OmsOperation<IOmsCustomersApi, (string CustomerId, UpdateCustomerRequest Changes), Customer, Customer> Update = ReturningCustomer<(string CustomerId, UpdateCustomerRequest Changes)>(
        "customers.update",
        OmsReplay.WithIdempotencyKey,
        static (api, update, call, ct) => api.UpdateCustomerAsync(update.CustomerId, update.Changes, call.IdempotencyKey!, call, ct),
        subjectOf: static update => update.CustomerId,
        writeOnlyPii: static (update, call) => AddWriteOnlyPii(call, update.Changes.BirthDate, update.Changes.IpAddress, update.Changes.ResidentialAddress, update.Changes.IdentifyingInformation));

    public static readonly OmsOperation<IOmsCustomersApi, ListCustomersOptions, CustomerPage, CustomerPage> List = new()
    {
        Name = "customers.list",
        SpanName = "oms.customers.list",
        Replay = OmsReplay.Always,
        Send = static (api, options, call, ct) => api.ListCustomersAsync(
            options.Limit,
            options.Cursor,
            options.Status is { } status ? WireNames.ToWire(status) : null,
            options.Email,
            options.ExternalId,
            FormatInstant(options.CreatedAfter),
            FormatInstant(options.CreatedBefore),
            call,
            ct),
        ResponseType = CustomerPageReader.TypeInfo,
        Map = static page => page,
    };

    /// <summary>An operation that answers one customer: named <c>oms.</c> + its name in spans, the customer's id on the span.</summary>
    private static OmsOperation<IOmsCustomersApi, TRequest, Customer, Customer> ReturningCustomer<TRequest>(
        string name,
        OmsReplay replay,
        Func<IOmsCustomersApi, TRequest, OmsCallContext, CancellationToken, Task<HttpResponseMessage>> send,
        Func<TRequest, string?>? subjectOf = null,
        Action<TRequest, OmsCallContext>? writeOnlyPii = null) => new()
    {
        Name = name,
        SpanName = "oms." + name,
        Replay = replay,
        Send = send,
        ResponseType = CustomerReader.TypeInfo,
        Map = static customer => customer,
        SubjectOf = subjectOf,
        SubjectOfResult = static customer => customer.Id,
        WriteOnlyPii = writeOnlyPii,
    };

    /// <summary>The write-only PII of a create or an update, remembered so an error body that echoes it is redacted.</summary>
    internal static void AddWriteOnlyPii(OmsCallContext call, DateOnly? birthDate, string? ipAddress, ResidentialAddress? address, IReadOnlyList<IdentifyingDocument>? documents)
    {
        call.AddPii(birthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        call.AddPii(ipAddress);
        if (address is not null)
        {
            call.AddPii(address.Line1);
            call.AddPii(address.Line2);
            call.AddPii(address.City);
            call.AddPii(address.ZipCode);
        }

        foreach (var document in documents ?? [])
        {
            call.AddPii(document?.Number);
        }
    }

    private static string? FormatInstant(DateTimeOffset? instant) =>
        instant?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
