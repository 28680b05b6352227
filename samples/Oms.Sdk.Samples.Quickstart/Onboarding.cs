using System.Diagnostics;

namespace Oms.Sdk.Samples.Quickstart;

/// <summary>The onboarding flow: create a customer with a name, complete its identity, read it back, list customers, and wait for its endorsements.</summary>
public static class Onboarding
{
    /// <summary>Runs the four steps, printing each.</summary>
    /// <param name="oms">The client (real or fake OMS: the flow cannot tell).</param>
    /// <param name="settings">The external id, page size and polling.</param>
    /// <param name="output">Where each step is written.</param>
    /// <param name="cancellationToken">Stops the flow, waits included.</param>
    /// <returns>Whether the customer holds every endorsement it asked for before the deadline.</returns>
    /// <exception cref="OmsException">An OMS call failed (after the SDK's own retries).</exception>
    public static async Task<bool> RunAsync(IOmsClient oms, QuickstartSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oms);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);

        // 1. Create. The idempotency key comes from your own id for the customer: a retry, or a second run, gets the same
        //    customer back instead of creating another. (Without a key the SDK makes one per call, shared by its retries.)
        Endorsement[] wanted = [Endorsement.Usd];
        var request = new CreateCustomerRequest
        {
            FirstName = "Jane",
            LastName = "Smith",
            Email = "jane.smith@example.com",
            ExternalId = settings.ExternalId,
            Endorsements = wanted,
        };
        var created = await oms.Customers.CreateWithResponseAsync(request, idempotencyKey: "create-customer-" + settings.ExternalId, cancellationToken);
        output.WriteLine($"1. Created customer {created.Value.Id} (idempotency key {created.IdempotencyKey}, {created.Attempts} HTTP attempt(s)).");

        //    Then complete the identity as your sign-up flow collects it: a partial update sends only what is assigned
        //    (birth date and address are write-only PII: sent, never returned, never logged). Sign the agreement only once
        //    the customer has accepted OMS's agreement in your flow.
        var completed = await oms.Customers.UpdateAsync(
            created.Value.Id,
            new UpdateCustomerRequest
            {
                BirthDate = new DateOnly(1990, 5, 15),
                Nationality = "US",
                ResidentialAddress = new ResidentialAddress { Line1 = "1 Main St", City = "New York", State = "NY", Country = "US", ZipCode = "10001" },
                SignedAgreement = true,
            },
            idempotencyKey: "complete-identity-" + settings.ExternalId,
            cancellationToken: cancellationToken);
        output.WriteLine($"   Completed its identity and signed the agreement (signed at {completed.SignedAgreementAt:u}).");

        // 2. Retrieve.
        var customer = await oms.Customers.GetAsync(created.Value.Id, cancellationToken);
        output.WriteLine($"2. Retrieved {customer.Id}: {customer.FirstName} {customer.LastName} <{customer.Email}>, external id {customer.ExternalId}, "
            + $"status {customer.RawStatus}, endorsements {Describe(customer.Endorsements)}.");

        // 3. List, page by page: each page's cursor fetches the next. (ListAllAsync does this for you, lazily.)
        output.WriteLine($"3. Customers, {settings.PageSize} per page:");
        string? cursor = null;
        for (var page = 1; page <= settings.MaxPages; page++)
        {
            var result = await oms.Customers.ListAsync(new ListCustomersOptions { Limit = settings.PageSize, Cursor = cursor }, cancellationToken);
            output.WriteLine($"   page {page}: {string.Join(", ", result.Items.Select(c => $"{c.Id} ({c.FirstName} {c.LastName}{(c.Id == customer.Id ? ", this one" : "")})"))}");
            cursor = result.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        if (cursor is not null)
        {
            output.WriteLine($"   (more pages not shown; at most {settings.MaxPages} are printed)");
        }

        // 4. Wait until OMS grants what the customer asked for. WaitForEndorsementAsync polls with jittered backoff; in a web
        //    app that maps the customer.endorsement.granted webhook (see the WebhookReceiver sample) it returns as soon as
        //    the webhook arrives, and polls only as a fallback.
        return await WaitForEndorsementsAsync(oms.Customers, customer.Id, wanted, settings, output, cancellationToken);
    }

    private static async Task<bool> WaitForEndorsementsAsync(
        ICustomersClient customers, string customerId, IReadOnlyList<Endorsement> wanted, QuickstartSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"4. Waiting up to {settings.EndorsementDeadline.TotalSeconds:0.#} s until OMS grants {string.Join(", ", wanted)} (Ctrl+C stops):");
        var wait = new OmsWaitOptions
        {
            FirstInterval = settings.FirstPollDelay,
            Growth = 2,
            MaximumInterval = settings.MaxPollDelay,
            Timeout = settings.EndorsementDeadline,
        };
        var elapsed = Stopwatch.StartNew();
        try
        {
            Customer? customer = null;
            foreach (var endorsement in wanted)
            {
                customer = await customers.WaitForEndorsementAsync(customerId, endorsement, wait, cancellationToken);
            }

            output.WriteLine($"   after {elapsed.Elapsed.TotalSeconds:0.0} s: {Describe(customer!.Endorsements)}");
            output.WriteLine($"   Granted: {customerId} now holds {string.Join(", ", wanted)}.");
            return true;
        }
        catch (OmsEndorsementRejectedException e)
        {
            output.WriteLine($"   Rejected: {e.Endorsement} ({string.Join(", ", e.RejectionReasons)}).");
            return false;
        }
        catch (OmsTimeoutException e)
        {
            output.WriteLine($"   Deadline reached: {e.Message}");
            return false;
        }
    }

    private static string Describe(IReadOnlyList<CustomerEndorsement> endorsements) =>
        endorsements.Count == 0 ? "(none)" : string.Join(", ", endorsements.Select(e => $"{e.RawName} {e.RawStatus}"));
}
