using System.Net;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>
/// <c>PATCH /customers/{customerId}</c>, JSON Merge Patch as the project ruled: 404 for an unknown id; 400 for a body that
/// is not JSON; 422 for one that fails the update request's rules (an empty <c>{}</c> included, and <c>type</c>, which
/// is not a field of it); else the changes applied, endorsements re-evaluated as <see cref="CustomerBook.Update(string, IdempotentRequest, CustomerPatch)"/>
/// says, <c>updatedAt</c> bumped, and 200 with the whole customer. An <c>Idempotency-Key</c> is optional (the contract's
/// example sends none) and honoured as on create: the same key with the same body answers the first update again.
/// </summary>
internal sealed class UpdateCustomerEndpoint(CustomerBook book) : IFakeOmsEndpoint
{
    public FakeOmsReply Handle(FakeOmsCall call)
    {
        if (CustomerRequests.ItemId(call, out var shown) is not { } id || book.Find(id) is null)
        {
            return CustomerRequests.NotFound(shown);
        }

        var key = call.Header("Idempotency-Key");
        if (key is not null && (string.IsNullOrWhiteSpace(key) || key.Length > CustomerRequests.MaxIdempotencyKeyLength))
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, $"An Idempotency-Key, when sent, must be 1 to {CustomerRequests.MaxIdempotencyKeyLength} characters (a UUID per logical update).");
        }

        using var document = CustomerRequests.ParseBody(call, out var refusal);
        if (document is null)
        {
            return refusal!;
        }

        var problems = new List<FieldProblem>();
        if (CustomerRequestValidator.ValidateUpdate(document.RootElement, problems) is not { } patch)
        {
            return CustomerRequests.Invalid(problems);
        }

        var outcome = book.Update(id, new IdempotentRequest(key, "PATCH " + FakeOmsRoutes.CustomerPathPrefix + id, document.RootElement), patch);
        return CustomerRequests.Answer(outcome, key, HttpStatusCode.OK, id);
    }
}
