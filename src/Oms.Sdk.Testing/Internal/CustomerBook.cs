using System.Text.Json;
using Oms.Sdk.Testing.Endpoints;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// The fake's customers: creation and updates with idempotency keys, lookup, filtered paging with opaque cursors, and
/// endorsement evaluation. One lock guards it all, so every operation is atomic. Thread-safe.
/// </summary>
/// <param name="timeProvider">The fake's clock.</param>
/// <param name="mode">Auto-approve or manual.</param>
/// <param name="grantLater">
/// In auto-approve mode, whether endorsements start <c>pending</c> and are granted later; then <paramref name="pendingEvaluated"/>
/// hears of each customer whose endorsements were just (re-)evaluated, so that it can schedule their grant.
/// </param>
/// <param name="pendingEvaluated">Called, under the book's lock, with the id of a customer left with pending endorsements; must not block.</param>
internal sealed class CustomerBook(TimeProvider timeProvider, FakeOmsEndorsementMode mode, bool grantLater = false, Action<string>? pendingEvaluated = null)
{
    /// <summary>What a create requests when its body names no endorsements (the contract: cryptoCustody and usd).</summary>
    private static readonly Endorsement[] DefaultEndorsements = [Endorsement.CryptoCustody, Endorsement.Usd];

    private readonly Lock _gate = new();
    private readonly List<StoredCustomer> _customers = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdempotencyRecord> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);

    /// <summary>The status an endorsement gets whenever it is (re-)evaluated: at once approved, like the sandbox, or pending a grant.</summary>
    private EndorsementStatus EvaluatedStatus => mode == FakeOmsEndorsementMode.AutoApprove && !grantLater ? EndorsementStatus.Approved : EndorsementStatus.Pending;

    /// <summary>Stores a new customer, its endorsements (those named, or cryptoCustody and usd; with basic) evaluated.</summary>
    public MutationOutcome Create(IdempotentRequest request, CustomerDraft draft)
    {
        lock (_gate)
        {
            if (Replay(request) is { } replay)
            {
                return replay;
            }

            var now = timeProvider.GetUtcNow();
            var requested = new SortedSet<Endorsement>(draft.Endorsements ?? (IEnumerable<Endorsement>)DefaultEndorsements) { Endorsement.Basic };
            var customer = new StoredCustomer
            {
                Id = "cst_" + RandomText.Base62(16),
                Sequence = _customers.Count,
                Profile = draft.Profile,
                SignedAgreementAt = draft.Profile.SignedAgreement ? now : null,
                Endorsements = [.. requested.Select(name => new StoredEndorsement(name, EvaluatedStatus))],
                CreatedAt = now,
                UpdatedAt = now,
            };
            _positions.Add(customer.Id, _customers.Count);
            _customers.Add(customer);
            return Remember(request, customer);
        }
    }

    /// <summary>
    /// Applies an update: the field changes, then the endorsement re-evaluation it causes. Endorsements named in the body
    /// are (re-)evaluated, and added when the customer lacks them (with <c>basic</c>, which every endorsement needs); a
    /// compliance-relevant change (last name, or any residential address, IP address or identity documents sent) re-evaluates
    /// every endorsement the customer has. Re-evaluated means <c>approved</c> in auto-approve mode, <c>pending</c> in manual.
    /// </summary>
    public MutationOutcome Update(string id, IdempotentRequest request, CustomerPatch patch)
    {
        lock (_gate)
        {
            if (!_positions.TryGetValue(id, out var position))
            {
                return new MutationOutcome(MutationResult.NotFound, null);
            }

            if (Replay(request) is { } replay)
            {
                return replay;
            }

            var before = _customers[position];
            var profile = patch.Apply(before.Profile);
            var complianceChanged = patch.SendsComplianceData || !string.Equals(before.Profile.LastName, profile.LastName, StringComparison.Ordinal);
            var endorsements = before.Endorsements.ToDictionary(e => e.Name);
            var reevaluated = new HashSet<Endorsement>(patch.Reevaluate);
            if (complianceChanged)
            {
                reevaluated.UnionWith(endorsements.Keys);
            }

            if (patch.Reevaluate.Count > 0 && !endorsements.ContainsKey(Endorsement.Basic))
            {
                reevaluated.Add(Endorsement.Basic); // as at creation: every endorsement needs basic
            }

            foreach (var name in reevaluated)
            {
                endorsements[name] = new StoredEndorsement(name, EvaluatedStatus); // a re-evaluation drops earlier rejection reasons
            }

            var now = timeProvider.GetUtcNow();
            var customer = before with
            {
                Profile = profile,
                SignedAgreementAt = profile.SignedAgreement ? before.SignedAgreementAt ?? now : null,
                Endorsements = [.. endorsements.OrderBy(e => e.Key).Select(e => e.Value)],
                UpdatedAt = now,
            };
            _customers[position] = customer;
            return Remember(request, customer);
        }
    }

    public StoredCustomer? Find(string id)
    {
        lock (_gate)
        {
            return _positions.TryGetValue(id, out var position) ? _customers[position] : null;
        }
    }

    /// <summary>Changes a customer; <paramref name="change"/> runs under the lock and must not block.</summary>
    /// <exception cref="ArgumentException">No customer has that id.</exception>
    public StoredCustomer Update(string id, Func<StoredCustomer, StoredCustomer> change)
    {
        lock (_gate)
        {
            if (!_positions.TryGetValue(id, out var position))
            {
                throw new ArgumentException($"The fake OMS holds no customer with id '{id}'.", nameof(id));
            }

            var updated = change(_customers[position]) with { UpdatedAt = timeProvider.GetUtcNow() };
            _customers[position] = updated;
            return updated;
        }
    }

    public IReadOnlyList<StoredCustomer> Snapshot()
    {
        lock (_gate)
        {
            return [.. _customers];
        }
    }

    /// <summary>One page in creation order, or <see langword="null"/> when the cursor is not one this fake issued.</summary>
    public CustomerPageResult? List(CustomerFilter filter, string? cursor, int limit)
    {
        lock (_gate)
        {
            var after = -1L;
            if (cursor is not null && !_cursors.TryGetValue(cursor, out after))
            {
                return null;
            }

            var matches = _customers.Where(c => c.Sequence > after && filter.Matches(c)).Take(limit + 1).ToList();
            var hasMore = matches.Count > limit;
            var page = matches.Take(limit).ToList();
            string? next = null;
            if (hasMore)
            {
                next = RandomText.Base62(24);
                _cursors.Add(next, page[^1].Sequence);
            }

            return new CustomerPageResult(page, hasMore, next);
        }
    }

    /// <summary>
    /// The answer to a repeated key: the answer the first request got when method, path and body are the same, as
    /// idempotency keys are meant to work; a conflict when any differs. Keys are one namespace across endpoints.
    /// </summary>
    private MutationOutcome? Replay(IdempotentRequest request)
    {
        if (request.Key is not { } key || !_idempotency.TryGetValue(key, out var earlier))
        {
            return null;
        }

        return earlier.Target == request.Target && JsonElement.DeepEquals(earlier.Body, request.Body)
            ? new MutationOutcome(MutationResult.Replayed, earlier.Answer)
            : new MutationOutcome(MutationResult.Conflict, earlier.Answer);
    }

    private MutationOutcome Remember(IdempotentRequest request, StoredCustomer answer)
    {
        if (grantLater && mode == FakeOmsEndorsementMode.AutoApprove && answer.Endorsements.Any(e => e.Status == EndorsementStatus.Pending))
        {
            pendingEvaluated?.Invoke(answer.Id);
        }

        if (request.Key is { } key)
        {
            _idempotency.Add(key, new IdempotencyRecord(request.Target, request.Body.Clone(), answer));
        }

        return new MutationOutcome(MutationResult.Done, answer);
    }

    private sealed record IdempotencyRecord(string Target, JsonElement Body, StoredCustomer Answer);
}

/// <summary>A mutating request as idempotency sees it.</summary>
/// <param name="Key">The <c>Idempotency-Key</c> header; <see langword="null"/> when none was sent (allowed on PATCH).</param>
/// <param name="Target">The method and path, for example <c>PATCH /customers/cst_1</c>.</param>
/// <param name="Body">The parsed body, compared structurally with an earlier one under the same key.</param>
internal readonly record struct IdempotentRequest(string? Key, string Target, JsonElement Body);

internal enum MutationResult
{
    /// <summary>Created or updated now.</summary>
    Done,

    /// <summary>The same key, method, path and body as before: the earlier answer, nothing changed.</summary>
    Replayed,

    /// <summary>The key was used before with another request.</summary>
    Conflict,

    /// <summary>No customer has the id.</summary>
    NotFound,
}

/// <summary>The outcome of a create or update, with the customer to answer with (none for <see cref="MutationResult.NotFound"/>).</summary>
internal sealed record MutationOutcome(MutationResult Kind, StoredCustomer? Customer);

internal sealed record CustomerPageResult(IReadOnlyList<StoredCustomer> Customers, bool HasMore, string? Cursor);

/// <summary>The filters of <c>GET /customers</c>; a <see langword="null"/> filter matches everything. The created range is exclusive.</summary>
internal sealed record CustomerFilter(CustomerStatus? Status, string? Email, string? ExternalId, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore)
{
    public bool Matches(StoredCustomer customer) =>
        (Status is not { } status || customer.Status == status)
        && (Email is null || string.Equals(customer.Profile.Email, Email, StringComparison.Ordinal))
        && (ExternalId is null || string.Equals(customer.Profile.ExternalId, ExternalId, StringComparison.Ordinal))
        && (CreatedAfter is not { } after || customer.CreatedAt > after)
        && (CreatedBefore is not { } before || customer.CreatedAt < before);
}
