namespace Oms.Sdk.Samples.Quickstart;

/// <summary>What the quickstart does and how patiently. The defaults suit a person watching; tests shorten the waits.</summary>
public sealed record QuickstartSettings
{
    /// <summary>
    /// Your own id for the customer. The create's idempotency key is made from it, so running the quickstart again against
    /// the same OMS account returns the customer created the first time instead of a second one.
    /// </summary>
    public string ExternalId { get; init; } = "quickstart-jane-smith";

    /// <summary>Customers per page when listing; small, so that several pages show.</summary>
    public int PageSize { get; init; } = 2;

    /// <summary>The most pages the listing prints (an account can hold many customers).</summary>
    public int MaxPages { get; init; } = 5;

    /// <summary>
    /// The wait after the first check for granted endorsements (<see cref="OmsWaitOptions.FirstInterval"/>); each later wait
    /// doubles, up to <see cref="MaxPollDelay"/>, each jittered down by up to 20 %.
    /// </summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two checks.</summary>
    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait for each endorsement before giving up (<see cref="OmsWaitOptions.Timeout"/>).</summary>
    public TimeSpan EndorsementDeadline { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The embedded fake only: how often it grants one pending endorsement per customer, standing in for KYC.</summary>
    public TimeSpan SimulatedKycDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The embedded fake only: answer the onboarding's create with one 503 first, so that a trace (<c>--trace</c>) shows the
    /// SDK retrying it with the same idempotency key.
    /// </summary>
    public bool DemonstrateRetry { get; init; }
}
