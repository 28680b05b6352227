using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests;

/// <summary>
/// <see cref="OmsModelFactory"/>: what a user who mocks <see cref="IOmsClient"/> builds pages, customers, events and errors
/// with. The mock here is a hand-written class, as a user would write one (no mocking library).
/// </summary>
public sealed class OmsModelFactoryTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 20, 14, 15, 22, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Customer_sets_every_property_and_the_typed_views_read_them()
    {
        var metadata = new Dictionary<string, string> { ["plan"] = "pro" };
        var customer = OmsModelFactory.Customer(
            "cst_1",
            firstName: "Jane",
            middleName: "Marie",
            lastName: "Smith",
            email: "jane@example.com",
            phone: "+12125551234",
            nationality: "US",
            externalId: "usr_1",
            status: CustomerStatus.Inactive,
            signedAgreement: true,
            signedAgreementAt: Created.AddHours(1),
            wallets: [OmsModelFactory.Wallet("wlt_1", address: "0x7B3a", balance: 1234.56m, estimatedValueUsd: 1234.5m, createdAt: Created)],
            endorsements:
            [
                OmsModelFactory.CustomerEndorsement(Endorsement.Usd),
                OmsModelFactory.CustomerEndorsement(
                    Endorsement.CryptoCustody,
                    EndorsementStatus.Rejected,
                    ["Document expired"],
                    OmsModelFactory.EndorsementRequirements(complete: ["firstName"], pending: ["birthDate"], missing: ["residentialAddress"], issues: ["identifyingInformation"])),
            ],
            metadata: metadata,
            createdAt: Created,
            updatedAt: Created.AddDays(1));
        metadata["plan"] = "changed after";

        // No property is left at its default: the factory reaches every one.
        foreach (var property in typeof(Customer).GetProperties())
        {
            var value = property.GetValue(customer);
            Assert.False(value is null || value.Equals(Default(property.PropertyType)), $"Customer.{property.Name} was not set.");
        }

        Assert.Equal((CustomerType.Individual, "individual", "customer"), (customer.Type, customer.RawType, customer.Object));
        Assert.Equal((CustomerStatus.Inactive, "inactive"), (customer.Status, customer.RawStatus));
        Assert.Equal("pro", customer.Metadata["plan"]);
        Assert.True(customer.HasEndorsement(Endorsement.Usd));
        Assert.False(customer.HasEndorsement(Endorsement.CryptoCustody));
        var rejected = customer.Endorsements[1];
        Assert.Equal((Endorsement.CryptoCustody, "cryptoCustody", EndorsementStatus.Rejected, "rejected"), (rejected.Name, rejected.RawName, rejected.Status, rejected.RawStatus));
        Assert.Equal(["Document expired"], rejected.RejectionReasons);
        Assert.Equal(["firstName"], rejected.Requirements.Complete);
        Assert.Equal(["birthDate"], rejected.Requirements.Pending);
        Assert.Equal(["residentialAddress"], rejected.Requirements.Missing);
        Assert.Equal(["identifyingInformation"], rejected.Requirements.Issues);
        var wallet = Assert.Single(customer.Wallets);
        Assert.Equal(("wlt_1", "custodial", "polygon", "usdc", "0x7B3a", 1234.56m, 1234.5m, (DateTimeOffset?)Created), (wallet.Id, wallet.Type, wallet.Network, wallet.Asset, wallet.Address, wallet.Balance, wallet.EstimatedValueUsd, wallet.CreatedAt));
        Assert.Throws<NotSupportedException>(() => ((IList<CustomerEndorsement>)customer.Endorsements).Add(rejected));
    }

    [Fact]
    public void A_customer_built_with_only_an_id_has_empty_collections_and_updatedAt_equal_to_createdAt()
    {
        var customer = OmsModelFactory.Customer("cst_1", createdAt: Created);

        Assert.Empty(customer.Endorsements);
        Assert.Empty(customer.Wallets);
        Assert.Empty(customer.Metadata);
        Assert.Equal(Created, customer.UpdatedAt);
        Assert.Equal(CustomerStatus.Active, customer.Status);
    }

    [Fact]
    public void Unknown_enum_values_are_refused_with_a_way_to_set_the_raw_string()
    {
        var status = Assert.Throws<ArgumentOutOfRangeException>(() => OmsModelFactory.Customer("cst_1", status: CustomerStatus.Unknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => OmsModelFactory.CustomerEndorsement(Endorsement.Unknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => OmsModelFactory.CustomerEndorsement(Endorsement.Usd, EndorsementStatus.Unknown));
        Assert.Throws<ArgumentException>(() => OmsModelFactory.Customer(""));

        Assert.Equal("status", status.ParamName);
        Assert.Contains("with", status.Message, StringComparison.Ordinal);
        var suspended = OmsModelFactory.Customer("cst_1") with { RawStatus = "suspended" };
        Assert.Equal(CustomerStatus.Unknown, suspended.Status);
    }

    [Fact]
    public void A_page_with_a_next_cursor_has_more_and_one_without_is_the_last()
    {
        var first = OmsModelFactory.CustomerPage([OmsModelFactory.Customer("cst_1")], nextCursor: "c2");
        var last = OmsModelFactory.CustomerPage([OmsModelFactory.Customer("cst_2")]);
        var empty = OmsModelFactory.CustomerPage(null, nextCursor: "");

        Assert.Equal((true, "c2"), (first.HasMore, first.NextCursor));
        Assert.Equal((false, null), (last.HasMore, last.NextCursor));
        Assert.Equal((false, null, 0), (empty.HasMore, empty.NextCursor, empty.Items.Count));
    }

    [Fact]
    public async Task A_hand_written_mock_client_returns_factory_pages_that_list_all_walks_to_the_end()
    {
        var customers = new PagedCustomers(
            OmsModelFactory.CustomerPage([OmsModelFactory.Customer("cst_1"), OmsModelFactory.Customer("cst_2")], nextCursor: "c2"),
            OmsModelFactory.CustomerPage([OmsModelFactory.Customer("cst_3")], nextCursor: "c3"),
            OmsModelFactory.CustomerPage([OmsModelFactory.Customer("cst_4")]));
        IOmsClient client = new MockOmsClient(customers);

        var byListAll = await client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }, Ct).Select(c => c.Id).ToListAsync(Ct);
        var byHand = await IdsPageByPageAsync(client);

        Assert.Equal(["cst_1", "cst_2", "cst_3", "cst_4"], byListAll);
        Assert.Equal(byListAll, byHand);
        Assert.Equal([null, "c2", "c3", null, "c2", "c3"], customers.CursorsAsked);
    }

    [Fact]
    public async Task A_hand_written_mock_client_throws_constructed_errors_that_code_under_test_handles()
    {
        var notFound = new OmsNotFoundException("No such customer.", errorCode: "not_found", requestId: "req_42", operation: "customers.get", rawBody: """{"code":"not_found"}""");
        IOmsClient client = new MockOmsClient(new PagedCustomers()) { GetError = notFound };

        var thrown = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_gone", Ct));

        Assert.Same(notFound, thrown);
        Assert.Equal((HttpStatusCode.NotFound, "not_found", "req_42", "customers.get"), (thrown.StatusCode, thrown.ErrorCode, thrown.RequestId, thrown.Operation));
    }

    /// <summary>
    /// Every exception an OMS call can raise (each public concrete type in the Oms.Sdk namespace below
    /// <see cref="OmsException"/>) has one public constructor, and every property it has is set from a parameter of
    /// that constructor or by its type. A new exception type or property fails this test until its constructor takes it.
    /// </summary>
    [Fact]
    public void Every_exception_a_call_can_raise_is_constructed_with_every_one_of_its_properties()
    {
        var exceptionTypes = typeof(OmsException).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(OmsException)) && !t.IsAbstract && t.Namespace == typeof(OmsException).Namespace)
            .ToList();
        Assert.Contains(typeof(OmsRateLimitedException), exceptionTypes);

        foreach (var type in exceptionTypes)
        {
            var constructor = Assert.Single(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
            var parameters = constructor.GetParameters();
            var arguments = parameters.Select(Sample).ToArray();
            var built = (OmsException)constructor.Invoke(arguments);

            foreach (var property in type.GetProperties().Where(p => typeof(OmsException).IsAssignableFrom(p.DeclaringType)))
            {
                Assert.True(property.SetMethod is null, $"{type.Name}.{property.Name} has a setter: exceptions are immutable.");
                var value = property.GetValue(built);
                var index = Array.FindIndex(parameters, p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    var same = arguments[index] is System.Collections.IEnumerable given && value is System.Collections.IEnumerable got
                        ? given.Cast<object>().SequenceEqual(got.Cast<object>())
                        : Equals(arguments[index], value);
                    Assert.True(same, $"{type.Name}.{property.Name} is {value}, not the {arguments[index]} given to its constructor.");
                }
                else
                {
                    Assert.False(value is null || value.Equals(Default(property.PropertyType)), $"{type.Name}.{property.Name} cannot be set with its constructor.");
                }
            }

            foreach (var (parameter, argument) in parameters.Zip(arguments))
            {
                var landed = parameter.Name switch
                {
                    "message" => Equals(argument, built.Message),
                    "innerException" => ReferenceEquals(argument, built.InnerException),
                    _ => type.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null,
                };
                Assert.True(landed, $"{type.Name}({parameter.Name}) reaches no property.");
            }
        }
    }

    [Fact]
    public void Api_errors_take_the_last_status_from_their_own()
    {
        var error = new OmsApiException("OMS answered 403 Forbidden (forbidden): Key lacks scope.", HttpStatusCode.Forbidden, "forbidden", "Key lacks scope.");
        var limited = new OmsRateLimitedException("Rate limited.", "rate_limited", retryAfter: TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Forbidden, error.LastStatusCode);
        Assert.Equal(HttpStatus.TooManyRequests, limited.LastStatusCode);
        Assert.Equal((HttpStatus.TooManyRequests, (TimeSpan?)TimeSpan.FromSeconds(30), "rate_limited"), (limited.StatusCode, limited.RetryAfter, limited.ErrorCode));
    }

    [Fact]
    public void Webhook_events_carry_their_type_customer_and_ids()
    {
        var customer = OmsModelFactory.Customer("cst_1", endorsements: [OmsModelFactory.CustomerEndorsement(Endorsement.Usd), OmsModelFactory.CustomerEndorsement(Endorsement.Basic, EndorsementStatus.Pending)]);
        using var document = JsonDocument.Parse("""{"walletId":"wlt_1","amount":"12.50"}""");

        var granted = OmsModelFactory.CustomerEndorsementGrantedEvent(customer, "msg_1", Created, "evt_1", Endorsement.Usd);
        var unnamed = OmsModelFactory.CustomerEndorsementGrantedEvent(customer);
        var updated = OmsModelFactory.CustomerEvent("customer.updated", customer);
        var deposit = OmsModelFactory.UnknownOmsEvent("wallet.depositDetected", document.RootElement);
        var other = OmsModelFactory.UnknownOmsEvent("wallet.depositDetected");
        document.Dispose();

        Assert.Equal((CustomerEndorsementGrantedEvent.EventType, "msg_1", Created, "evt_1"), (granted.Type, granted.WebhookId, granted.Timestamp, granted.Id));
        Assert.Equal([Endorsement.Usd], granted.HeldEndorsements);
        Assert.Equal((Endorsement.Usd, "usd"), (granted.GrantedEndorsement, granted.GrantedEndorsementName));
        Assert.Equal((null, null), (unnamed.GrantedEndorsement, unnamed.GrantedEndorsementName));
        Assert.Same(customer, updated.Customer);
        Assert.Equal("customer.updated", updated.Type);
        Assert.StartsWith("msg_", updated.WebhookId, StringComparison.Ordinal);
        Assert.NotEqual(updated.WebhookId, deposit.WebhookId);
        Assert.Equal("12.50", deposit.Data.GetProperty("amount").GetString()); // cloned: readable after the document is gone
        Assert.Equal(JsonValueKind.Undefined, other.Data.ValueKind);
    }

    [Fact]
    public void A_response_carries_its_value_and_details()
    {
        var customer = OmsModelFactory.Customer("cst_1");

        var response = OmsModelFactory.OmsResponse(customer, HttpStatusCode.Created, "req_1", "key-1", attempts: 2);

        Assert.Equal((customer, HttpStatusCode.Created, "req_1", "key-1", 2), (response.Value, response.StatusCode, response.RequestId, response.IdempotencyKey, response.Attempts));
    }

    /// <summary>How code under test might page by hand: follow <see cref="CustomerPage.NextCursor"/> until there is none.</summary>
    private static async Task<List<string>> IdsPageByPageAsync(IOmsClient client)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.Customers.ListAsync(new ListCustomersOptions { Limit = 2, Cursor = cursor }, Ct);
            ids.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return ids;
    }

    private static readonly IReadOnlyList<string> RejectionReasons = ["Document image unreadable"];

    private static readonly Customer SampleCustomer = new() { Id = "cst_sample" };

    private static object? Default(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;

    /// <summary>A distinct, non-default value for a constructor parameter, by its type and name.</summary>
    private static object Sample(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type switch
        {
            _ when type == typeof(string) => parameter.Name + "-value",
            _ when type == typeof(int) => 3,
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(17),
            _ when type == typeof(HttpStatusCode) => parameter.Name == "lastStatusCode" ? HttpStatusCode.BadGateway : HttpStatusCode.Forbidden,
            _ when type == typeof(Exception) => new InvalidOperationException("the cause"),
            _ when type == typeof(IReadOnlyList<OmsFieldError>) => new[] { new OmsFieldError("email", "is not an email address") },
            _ when type == typeof(Endorsement) => Endorsement.CryptoCustody,
            _ when type == typeof(IReadOnlyList<string>) => RejectionReasons,
            _ when type == typeof(Customer) => SampleCustomer,
            _ => throw new InvalidOperationException($"No sample value for {parameter.Member.Name}({parameter.ParameterType.Name} {parameter.Name}); add one."),
        };
    }

    /// <summary>The pages a mock serves, in order, each found by the cursor the one before gave.</summary>
    private sealed class PagedCustomers(params CustomerPage[] pages) : ICustomersClient
    {
        public List<string?> CursorsAsked { get; } = [];

        public Exception? GetError { get; set; }

        public Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
        {
            CursorsAsked.Add(options?.Cursor);
            var index = options?.Cursor is { } cursor ? Array.FindIndex(pages, p => p.NextCursor == cursor) + 1 : 0;
            return Task.FromResult(pages[index]);
        }

        public async IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var page = await ListAsync(options, requestOptions, cancellationToken);
            while (true)
            {
                foreach (var customer in page.Items)
                {
                    yield return customer;
                }

                if (page.NextCursor is not { } next)
                {
                    yield break;
                }

                page = await ListAsync((options ?? new ListCustomersOptions()) with { Cursor = next }, requestOptions, cancellationToken);
            }
        }

        public Task<Customer> GetAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            GetError is { } error ? Task.FromException<Customer>(error) : throw new NotSupportedException();

        public Task<Customer> WaitForEndorsementAsync(string customerId, Endorsement endorsement, OmsWaitOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<OmsResponse<Customer>> GetWithResponseAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<OmsResponse<CustomerPage>> ListWithResponseAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

#if NETFRAMEWORK
        // .NET Framework has no default interface methods: the overloads without OmsRequestOptions are the mock's to
        // write there, as a user's mock would (docs/configuration.md).
        public Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) => CreateAsync(request, idempotencyKey, null, cancellationToken);

        public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) => CreateWithResponseAsync(request, idempotencyKey, null, cancellationToken);

        public Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken) => GetAsync(customerId, null, cancellationToken);

        public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) => UpdateAsync(customerId, request, idempotencyKey, null, cancellationToken);

        public Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) => UpdateWithResponseAsync(customerId, request, idempotencyKey, null, cancellationToken);

        public Task<CustomerPage> ListAsync(ListCustomersOptions? options, CancellationToken cancellationToken) => ListAsync(options, null, cancellationToken);

        public IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options, CancellationToken cancellationToken) => ListAllAsync(options, null, cancellationToken);
#endif
    }

    private sealed class MockOmsClient(PagedCustomers customers) : IOmsClient
    {
        public ICustomersClient Customers => customers;

        public Task<OmsRawResponse> SendAsync(OmsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Exception? GetError { init => customers.GetError = value; }
    }
}
