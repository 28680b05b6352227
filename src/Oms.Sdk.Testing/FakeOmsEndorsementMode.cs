using System.Net;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>What a <see cref="FakeOmsServer"/> does with the endorsements a new customer requests.</summary>
public enum FakeOmsEndorsementMode
{
    /// <summary>Every requested endorsement (and <c>basic</c>) is <c>approved</c> at creation, like the OMS sandbox.</summary>
    AutoApprove,

    /// <summary>
    /// Every requested endorsement (and <c>basic</c>) starts <c>pending</c>; grant them with
    /// <see cref="FakeOmsServer.GrantEndorsementAsync"/>, which also sends the <c>customer.endorsement.granted</c> webhook.
    /// </summary>
    Manual,
}
