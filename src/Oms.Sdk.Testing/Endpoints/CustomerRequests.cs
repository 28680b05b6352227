using System.Net;
using System.Text.Json;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>What the customer endpoints read and answer alike: the item id, the JSON body, and the answer to a create or update.</summary>
internal static class CustomerRequests
{
    /// <summary>The longest <c>Idempotency-Key</c> the contract allows on PATCH.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>
    /// The customer id of an item route: one escaped path segment, unescaped and compared exactly; a raw '/' in it means
    /// another route, so no id (<see langword="null"/>) and a 404.
    /// </summary>
    public static string? ItemId(FakeOmsCall call, out string shown)
    {
        shown = call.Path.StartsWith(FakeOmsRoutes.CustomerPathPrefix, StringComparison.Ordinal) ? call.Path[FakeOmsRoutes.CustomerPathPrefix.Length..] : "/";
        if (shown.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        shown = Uri.UnescapeDataString(shown);
        return shown;
    }

    public static FakeOmsReply NotFound(string id) => FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, $"No customer with id '{id}'.");

    /// <summary>Parses the body, or gives the 400 to send when it is not JSON.</summary>
    public static JsonDocument? ParseBody(FakeOmsCall call, out FakeOmsReply? refusal)
    {
        try
        {
            refusal = null;
            return JsonDocument.Parse(call.Body);
        }
        catch (JsonException)
        {
            refusal = FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The request body is not valid JSON.");
            return null;
        }
    }

    /// <summary>
    /// The 422: every problem in the message, and each one about a field also in <c>error.details</c> as
    /// <c>{"field", "message"}</c>, the first shape the SDK's <c>OmsValidationException.FieldErrors</c> reads.
    /// </summary>
    public static FakeOmsReply Invalid(List<FieldProblem> problems) => FakeOmsReply.Json(
        HttpStatusCode.UnprocessableEntity,
        WireJson.Error(
            ErrorCodes.ValidationError,
            "Request failed validation: " + string.Join(" ", problems.Select(p => p.Message)),
            [.. problems.Where(p => p.Field is not null).Select(p => (p.Field!, p.Message))]));

    /// <summary>The answer to a create or update: the customer (the first answer again for a replay), a 409 or a 404.</summary>
    public static FakeOmsReply Answer(MutationOutcome outcome, string? idempotencyKey, HttpStatusCode success, string id) => outcome.Kind switch
    {
        MutationResult.Conflict => FakeOmsReply.Error(HttpStatusCode.Conflict, ErrorCodes.IdempotencyConflict, $"Idempotency-Key '{idempotencyKey}' was already used with a different request."),
        MutationResult.NotFound => NotFound(id),
        _ => FakeOmsReply.Json(success, WireJson.Customer(outcome.Customer!)),
    };
}
