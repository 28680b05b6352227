using System.Collections.ObjectModel;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// A stored customer as the public <see cref="Customer"/> record, field for field what the fake sends on the wire
/// (<see cref="WireJson"/>), built from Oms.Sdk's public API only: what <see cref="FakeOmsServer.Customers"/> and the
/// webhook events hand to tests.
/// </summary>
internal static class ClientView
{
    public static Customer Customer(StoredCustomer customer) => new()
    {
        Id = customer.Id,
        Object = "customer",
        RawType = ServerNames.Individual,
        FirstName = customer.Profile.FirstName,
        MiddleName = customer.Profile.MiddleName,
        LastName = customer.Profile.LastName,
        Email = customer.Profile.Email,
        Phone = customer.Profile.Phone,
        Nationality = customer.Profile.Nationality,
        ExternalId = customer.Profile.ExternalId,
        RawStatus = ServerNames.CustomerStatuses.Name(customer.Status),
        SignedAgreement = customer.Profile.SignedAgreement,
        SignedAgreementAt = customer.SignedAgreementAt,
        Wallets = [],
        Endorsements =
        [
            .. customer.Endorsements.Select(e => new CustomerEndorsement
            {
                RawName = ServerNames.Endorsements.Name(e.Name),
                RawStatus = ServerNames.EndorsementStatuses.Name(e.Status),
                RejectionReasons = e.RejectionReasons,
            }),
        ],
        Metadata = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(customer.Profile.Metadata, StringComparer.Ordinal)),
        CreatedAt = customer.CreatedAt,
        UpdatedAt = customer.UpdatedAt,
    };
}
