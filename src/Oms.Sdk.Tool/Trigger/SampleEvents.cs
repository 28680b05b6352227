using Oms.Sdk.Testing;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Tool.Trigger;

/// <summary>The bodies <c>oms trigger</c> sends: the fake's own envelope and customer writer, around a sample customer.</summary>
internal static class SampleEvents
{
    /// <summary>A <c>customer.endorsement.granted</c> body for a sandbox-like customer who now holds the endorsement (and <c>basic</c>, which every other brings).</summary>
    public static byte[] EndorsementGranted(string customerId, Endorsement endorsement, DateTimeOffset now)
    {
        var customer = new StoredCustomer
        {
            Id = customerId,
            Sequence = 1,
            Profile = new CustomerProfile
            {
                FirstName = "Jane",
                LastName = "Smith",
                Email = "jane@example.com",
                Phone = "+12125551234",
                Nationality = "US",
                ExternalId = "usr_12345",
                SignedAgreement = true,
            },
            SignedAgreementAt = now.AddMinutes(-10),
            Endorsements = [.. new[] { Endorsement.Basic, endorsement }.Distinct().Order().Select(e => new StoredEndorsement(e, EndorsementStatus.Approved))],
            CreatedAt = now.AddMinutes(-10),
            UpdatedAt = now,
        };
        return WireJson.WebhookEnvelope(FakeOmsServer.EndorsementGrantedEventType, now, customer, endorsement);
    }
}
