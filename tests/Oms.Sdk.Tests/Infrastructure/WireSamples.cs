namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>Wire payloads from the OMS contract, used across tests.</summary>
internal static class WireSamples
{
    public const string FullCustomer = """
        {
          "id": "cst_01H9Xa8F5dN6mP3q", "object": "customer", "type": "individual",
          "firstName": "Jane", "middleName": null, "lastName": "Smith",
          "email": "jane@example.com", "phone": "+12125551234", "nationality": "US",
          "externalId": "usr_12345", "status": "active",
          "signedAgreement": true, "signedAgreementAt": "2026-03-20T14:15:22Z",
          "wallets": [{"id": "wlt_01H9Xb3K7nM2pQ4r", "type": "custodial", "address": "0x7B3a...", "network": "polygon",
                       "asset": "usdc", "balance": "1234.56", "estimatedValueUsd": "1234.56", "createdAt": "2023-11-07T05:31:56Z"}],
          "endorsements": [{"name": "usd", "status": "approved", "rejectionReasons": [], "requirements":
                            {"complete": [], "pending": [], "missing": [], "issues": []}}],
          "metadata": {}, "createdAt": "2023-11-07T05:31:56Z", "updatedAt": "2023-11-07T05:31:56Z"
        }
        """;

    public static string Customer(string id, string status = "active") =>
        $$"""{"id":"{{id}}","object":"customer","type":"individual","status":"{{status}}","endorsements":["basic"],"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""";

    public static string Page(bool hasMore, string? cursor, params string[] ids) =>
        $$"""{"data":[{{string.Join(",", ids.Select(id => Customer(id)))}}],"hasMore":{{(hasMore ? "true" : "false")}}{{(cursor is null ? "" : $",\"cursor\":\"{cursor}\"")}}}""";

    /// <summary>A create with every documented field, as in the contract's "full" example.</summary>
    public static CreateCustomerRequest FullRequest() => new()
    {
        FirstName = "Jane",
        MiddleName = "Marie",
        LastName = "Smith",
        Email = "jane@example.com",
        Phone = "+12125551234",
        BirthDate = new DateOnly(1990, 5, 15),
        Nationality = "US",
        IpAddress = "203.0.113.42",
        ExternalId = "usr_12345",
        SignedAgreement = true,
        ResidentialAddress = new ResidentialAddress { Line1 = "123 Main St", Line2 = "Apt 4B", City = "New York", State = "NY", Country = "US", ZipCode = "10001" },
        IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, IssuingCountry = "US", Number = "123456789" }],
        Endorsements = [Endorsement.Basic, Endorsement.CryptoCustody, Endorsement.Usd],
        Metadata = new Dictionary<string, string> { ["plan"] = "pro" },
    };
}
