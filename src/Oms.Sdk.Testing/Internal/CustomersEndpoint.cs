using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Testing.Internal;

/// <summary>The three Customers operations over HTTP: reads the request, checks it as OMS would, answers from the <see cref="CustomerBook"/>.</summary>
internal sealed class CustomersEndpoint(CustomerBook book)
{
    public const string CollectionPath = "/customers";
    public const string ItemPathPrefix = "/customers/";
    private const int DefaultLimit = 10;

    public FakeOmsReply Create(FakeOmsCall call)
    {
        if (call.Header("Idempotency-Key") is not { } key || string.IsNullOrWhiteSpace(key))
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The Idempotency-Key header is required on POST /customers (a UUID per logical create).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(call.Body);
        }
        catch (JsonException)
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The request body is not valid JSON.");
        }

        using (document)
        {
            var problems = new List<string>();
            if (CreateCustomerValidator.Validate(document.RootElement, problems) is not { } draft)
            {
                return FakeOmsReply.Error(HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationError, "Request failed validation: " + string.Join(" ", problems));
            }

            var outcome = book.Create(key, document.RootElement, draft);
            return outcome.Kind == CreateResult.Conflict
                ? FakeOmsReply.Error(HttpStatusCode.Conflict, ErrorCodes.IdempotencyConflict, $"Idempotency-Key '{key}' was already used with a different request body.")
                : FakeOmsReply.Json(HttpStatusCode.Created, WireJson.Customer(outcome.Customer));
        }
    }

    public FakeOmsReply Get(FakeOmsCall call)
    {
        // The id is one escaped path segment: unescape it and compare it exactly; a raw '/' means another route.
        var segment = call.Path.StartsWith(ItemPathPrefix, StringComparison.Ordinal) ? call.Path[ItemPathPrefix.Length..] : "/";
        var id = segment.Contains('/', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(segment);
        return id is not null && book.Find(id) is { } customer
            ? FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Customer(customer))
            : FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, $"No customer with id '{id ?? segment}'.");
    }

    public FakeOmsReply List(FakeOmsCall call)
    {
        var query = QueryHelpers.ParseQuery(call.Query);
        var problems = new List<string>();

        string? Value(string name)
        {
            if (!query.TryGetValue(name, out var values) || string.IsNullOrEmpty(values))
            {
                return null;
            }

            if (values.Count > 1)
            {
                problems.Add($"{name} is given more than once.");
                return null;
            }

            return values[0];
        }

        DateTimeOffset? Instant(string name)
        {
            if (Value(name) is not { } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return instant;
            }

            problems.Add($"{name} must be an ISO 8601 date-time such as 2026-03-20T14:15:22Z.");
            return null;
        }

        var limit = DefaultLimit;
        if (Value("limit") is { } limitText
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= ListCustomersOptions.MaxLimit))
        {
            problems.Add($"limit must be a whole number from 1 to {ListCustomersOptions.MaxLimit}.");
        }

        CustomerStatus? status = null;
        if (Value("status") is { } statusText)
        {
            status = WireNames.ParseCustomerStatus(statusText);
            if (status == CustomerStatus.Unknown)
            {
                problems.Add("status must be active or inactive.");
            }
        }

        var filter = new CustomerFilter(status, Value("email"), Value("externalId"), Instant("createdAfter"), Instant("createdBefore"));
        var cursor = Value("cursor");
        if (problems.Count > 0)
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, string.Join(" ", problems));
        }

        return book.List(filter, cursor, limit) is { } page
            ? FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Page(page.Customers, page.HasMore, page.Cursor))
            : FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "cursor is not a cursor this server issued; pass the cursor of the previous page unchanged.");
    }
}
