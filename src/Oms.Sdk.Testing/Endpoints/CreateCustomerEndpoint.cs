using System.Net;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>
/// <c>POST /customers</c>: requires an <c>Idempotency-Key</c>, validates the body as the contract's create request, stores
/// the customer (its endorsements evaluated per <see cref="FakeOmsEndorsementMode"/>) and answers 201 with it; the same
/// key with the same body answers the first customer again, with another body 409.
/// </summary>
internal sealed class CreateCustomerEndpoint(CustomerBook book) : IFakeOmsEndpoint
{
    public FakeOmsReply Handle(FakeOmsCall call)
    {
        if (call.Header("Idempotency-Key") is not { } key || string.IsNullOrWhiteSpace(key))
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The Idempotency-Key header is required on POST /customers (a UUID per logical create).");
        }

        using var document = CustomerRequests.ParseBody(call, out var refusal);
        if (document is null)
        {
            return refusal!;
        }

        var problems = new List<FieldProblem>();
        if (CustomerRequestValidator.ValidateCreate(document.RootElement, problems) is not { } draft)
        {
            return CustomerRequests.Invalid(problems);
        }

        var outcome = book.Create(new IdempotentRequest(key, "POST " + FakeOmsRoutes.CustomersPath, document.RootElement), draft);
        return CustomerRequests.Answer(outcome, key, HttpStatusCode.Created, string.Empty);
    }
}
