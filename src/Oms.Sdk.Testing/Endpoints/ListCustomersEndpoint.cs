using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>
/// <c>GET /customers</c>: filters (<c>status</c>, <c>email</c>, <c>externalId</c>, <c>createdAfter</c>, <c>createdBefore</c>)
/// and pages in creation order, <c>limit</c> 1 to 100 (default 10), with opaque cursors this fake issued; 400 for a bad
/// or repeated parameter or an unknown cursor.
/// </summary>
internal sealed class ListCustomersEndpoint(CustomerBook book) : IFakeOmsEndpoint
{
    private const int DefaultLimit = 10;

    public FakeOmsReply Handle(FakeOmsCall call)
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
            if (ServerNames.CustomerStatuses.TryParse(statusText, out var parsed))
            {
                status = parsed;
            }
            else
            {
                problems.Add($"status must be one of {ServerNames.CustomerStatuses.Listed}.");
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
