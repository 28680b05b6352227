namespace Oms.Sdk.Customers;

/// <summary>The checks of the Customers methods' arguments, made before anything is sent.</summary>
internal static class CustomerArguments
{
    public static void Validate(CreateCustomerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Type == CustomerType.Unknown)
        {
            throw new ArgumentException("CreateCustomerRequest.Type must be a known type (CustomerType.Individual).", nameof(request));
        }

        ValidateEndorsements(request.Endorsements, nameof(CreateCustomerRequest));
        ValidateDocuments(request.IdentifyingInformation, nameof(CreateCustomerRequest));
    }

    public static void Validate(UpdateCustomerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsEmpty)
        {
            throw new ArgumentException(
                "The UpdateCustomerRequest changes nothing, so it was not sent: assign at least one property (a value to set it, null to clear it).",
                nameof(request));
        }

        ValidateEndorsements(request.Endorsements, nameof(UpdateCustomerRequest));
        ValidateDocuments(request.IdentifyingInformation, nameof(UpdateCustomerRequest));
    }

    public static void ValidateCustomerId(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (customerId is "." or "..")
        {
            throw new ArgumentException("The customer id cannot be '.' or '..'; OMS ids look like cst_01H9Xa8F5dN6mP3q.", nameof(customerId));
        }
    }

    public static void ValidateLimit(int? limit)
    {
        if (limit is < 1 or > ListCustomersOptions.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"ListCustomersOptions.Limit must be between 1 and {ListCustomersOptions.MaxLimit}.");
        }
    }

    private static void ValidateEndorsements(IReadOnlyList<Endorsement>? endorsements, string requestType)
    {
        if (endorsements is not null && endorsements.Contains(Endorsement.Unknown))
        {
            throw new ArgumentException($"{requestType}.Endorsements must not contain Endorsement.Unknown.", "request");
        }
    }

    private static void ValidateDocuments(IReadOnlyList<IdentifyingDocument>? documents, string requestType)
    {
        if (documents is not null && documents.Any(d => d is null || d.Type == IdentifyingDocumentType.Unknown))
        {
            throw new ArgumentException($"{requestType}.IdentifyingInformation must not contain null entries or IdentifyingDocumentType.Unknown.", "request");
        }
    }
}
