using System.Text.Json;

namespace Oms.Sdk.Customers;

/// <summary>The checks of the Customers methods' arguments, made before anything is sent.</summary>
internal static class CustomerArguments
{
    /// <summary>The wire names of the fields the requests model, with the property that sets each (update: all but <c>type</c>).</summary>
    private static readonly Dictionary<string, string> ModelledFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["type"] = nameof(CreateCustomerRequest.Type),
        ["firstName"] = nameof(CreateCustomerRequest.FirstName),
        ["middleName"] = nameof(CreateCustomerRequest.MiddleName),
        ["lastName"] = nameof(CreateCustomerRequest.LastName),
        ["email"] = nameof(CreateCustomerRequest.Email),
        ["phone"] = nameof(CreateCustomerRequest.Phone),
        ["birthDate"] = nameof(CreateCustomerRequest.BirthDate),
        ["nationality"] = nameof(CreateCustomerRequest.Nationality),
        ["ipAddress"] = nameof(CreateCustomerRequest.IpAddress),
        ["externalId"] = nameof(CreateCustomerRequest.ExternalId),
        ["signedAgreement"] = nameof(CreateCustomerRequest.SignedAgreement),
        ["residentialAddress"] = nameof(CreateCustomerRequest.ResidentialAddress),
        ["identifyingInformation"] = nameof(CreateCustomerRequest.IdentifyingInformation),
        ["endorsements"] = nameof(CreateCustomerRequest.Endorsements),
        ["metadata"] = nameof(CreateCustomerRequest.Metadata),
    };

    public static void Validate(CreateCustomerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Type == CustomerType.Unknown)
        {
            throw new ArgumentException("CreateCustomerRequest.Type must be a known type (CustomerType.Individual).", nameof(request));
        }

        ValidateEndorsements(request.Endorsements, nameof(CreateCustomerRequest));
        ValidateDocuments(request.IdentifyingInformation, nameof(CreateCustomerRequest));
        ValidateAdditionalProperties(request.WireAdditionalProperties, nameof(CreateCustomerRequest));
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
        ValidateAdditionalProperties(request.WireAdditionalProperties, nameof(UpdateCustomerRequest));
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

    /// <summary>Extra fields: each named, with a value, and not one the request models (two values for one field would reach OMS).</summary>
    private static void ValidateAdditionalProperties(Dictionary<string, JsonElement>? extra, string requestType)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (name, value) in extra)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"{requestType}.AdditionalProperties has an empty field name.", "request");
            }

            if (ModelledFields.TryGetValue(name, out var property))
            {
                throw new ArgumentException(
                    property == nameof(CreateCustomerRequest.Type) && requestType == nameof(UpdateCustomerRequest)
                        ? $"{requestType}.AdditionalProperties cannot send '{name}': a customer's type cannot be updated."
                        : $"{requestType}.AdditionalProperties cannot send '{name}': the SDK models it; set {requestType}.{property} instead.",
                    "request");
            }

            if (value.ValueKind == JsonValueKind.Undefined)
            {
                throw new ArgumentException($"{requestType}.AdditionalProperties['{name}'] has no value (a default JsonElement); use JsonElement.Parse(\"null\") to send null.", "request");
            }
        }
    }
}
