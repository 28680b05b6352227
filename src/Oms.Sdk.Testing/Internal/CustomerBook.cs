using System.Text.Json;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// The fake's customers: creation with idempotency keys, lookup, filtered paging with opaque cursors, and updates.
/// One lock guards it all, so every operation is atomic. Thread-safe.
/// </summary>
internal sealed class CustomerBook(TimeProvider timeProvider, FakeOmsEndorsementMode mode)
{
    /// <summary>What a create requests when its body names no endorsements (the contract: cryptoCustody and usd).</summary>
    private static readonly Endorsement[] DefaultEndorsements = [Endorsement.CryptoCustody, Endorsement.Usd];

    private readonly Lock _gate = new();
    private readonly List<StoredCustomer> _customers = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdempotencyRecord> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);

    public CreateOutcome Create(string idempotencyKey, JsonElement body, CustomerDraft draft)
    {
        lock (_gate)
        {
            if (_idempotency.TryGetValue(idempotencyKey, out var earlier))
            {
                // The answer to a repeated create is the answer the first one got, as idempotency keys are meant to work.
                return JsonElement.DeepEquals(earlier.Body, body)
                    ? new CreateOutcome(CreateResult.Replayed, earlier.Created)
                    : new CreateOutcome(CreateResult.Conflict, earlier.Created);
            }

            var now = timeProvider.GetUtcNow();
            var requested = new SortedSet<Endorsement>(draft.Endorsements ?? (IEnumerable<Endorsement>)DefaultEndorsements) { Endorsement.Basic };
            var status = mode == FakeOmsEndorsementMode.AutoApprove ? EndorsementStatus.Approved : EndorsementStatus.Pending;
            var customer = new StoredCustomer
            {
                Id = "cst_" + RandomText.Base62(16),
                Sequence = _customers.Count,
                Profile = draft.Profile,
                SignedAgreementAt = draft.Profile.SignedAgreement ? now : null,
                Endorsements = [.. requested.Select(name => new StoredEndorsement(name, status))],
                CreatedAt = now,
                UpdatedAt = now,
            };
            _positions.Add(customer.Id, _customers.Count);
            _customers.Add(customer);
            _idempotency.Add(idempotencyKey, new IdempotencyRecord(body.Clone(), customer));
            return new CreateOutcome(CreateResult.Created, customer);
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

    private sealed record IdempotencyRecord(JsonElement Body, StoredCustomer Created);
}

internal enum CreateResult
{
    Created,
    Replayed,
    Conflict,
}

internal sealed record CreateOutcome(CreateResult Kind, StoredCustomer Customer);

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
