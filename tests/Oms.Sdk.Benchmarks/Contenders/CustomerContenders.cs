using Refit;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The three customer clients over one canned OMS, each already holding a token: (a) the SDK with its whole
/// pipeline, (b) the hand-written floor, (c) Refit with reflection JSON. Used by the BenchmarkDotNet classes and
/// by the quick mode alike, so both measure the same calls.
/// </summary>
public sealed class CustomerContenders : IDisposable
{
    public const string ApiKey = "sk_sdbx_benchmark_key";
    public const string ApiSecret = "benchmark-secret";
    public const string CustomerId = "cst_01H9Xa8F5dN6mP3q";

    private static readonly ListCustomersOptions SdkPage = new() { Limit = CannedOmsHandler.PageSize };

    private readonly HttpClient _floorHttp;
    private readonly HttpClient _refitHttp;
    private readonly OmsClient _sdk;
    private readonly FloorClient _floor;
    private readonly RefitClient _refit;

    public CustomerContenders(int pages = 1)
    {
        Handler = new CannedOmsHandler(pages);
        _sdk = new OmsClient(new OmsClientOptions { ApiKey = ApiKey, ApiSecret = ApiSecret, BaseAddress = CannedOmsHandler.BaseAddress }, Handler);
        _floorHttp = new HttpClient(Handler, disposeHandler: false) { BaseAddress = CannedOmsHandler.BaseAddress };
        _floor = new FloorClient(_floorHttp, ApiKey, ApiSecret);
        _refitHttp = new HttpClient(Handler, disposeHandler: false) { BaseAddress = CannedOmsHandler.BaseAddress };
        _refit = new RefitClient(RestService.For<IRefitOmsApi>(_refitHttp), ApiKey, ApiSecret);
    }

    public CannedOmsHandler Handler { get; }

    public static CreateCustomerRequest SdkCreateRequest { get; } = new()
    {
        FirstName = "Jane",
        LastName = "Smith",
        Email = "jane@example.com",
        Phone = "+12125551234",
        Nationality = "US",
        ExternalId = "usr_12345",
        SignedAgreement = true,
        Metadata = new Dictionary<string, string> { ["plan"] = "gold" },
    };

    public static CreateCustomerDto FloorCreateRequest { get; } = CreateCustomerDto.From(SdkCreateRequest);

    /// <summary>Makes one call with each contender, so every one has its token and warm code paths.</summary>
    public async Task WarmUpAsync()
    {
        await SdkGetAsync();
        await FloorGetAsync();
        await RefitGetAsync();
    }

    public Task<Customer> SdkGetAsync() => _sdk.Customers.GetAsync(CustomerId);

    public Task<CustomerDto> FloorGetAsync() => _floor.GetAsync(CustomerId);

    public Task<CustomerDto> RefitGetAsync() => _refit.GetAsync(CustomerId);

    public Task<Customer> SdkCreateAsync() => _sdk.Customers.CreateAsync(SdkCreateRequest);

    public Task<CustomerDto> FloorCreateAsync() => _floor.CreateAsync(FloorCreateRequest);

    public Task<CustomerDto> RefitCreateAsync() => _refit.CreateAsync(FloorCreateRequest);

    public async Task<int> SdkListAsync() => (await _sdk.Customers.ListAsync(SdkPage)).Items.Count;

    public async Task<int> FloorListAsync() => (await _floor.ListAsync(CannedOmsHandler.PageSize, null)).Data!.Count;

    public async Task<int> RefitListAsync() => (await _refit.ListAsync(CannedOmsHandler.PageSize, null)).Data!.Count;

    public Task<int> SdkListAllAsync(Action<int>? onItem = null) => CountAsync(_sdk.Customers.ListAllAsync(SdkPage), onItem);

    public Task<int> FloorListAllAsync(Action<int>? onItem = null) => CountAsync(_floor.ListAllAsync(CannedOmsHandler.PageSize), onItem);

    public Task<int> RefitListAllAsync(Action<int>? onItem = null) => CountAsync(_refit.ListAllAsync(CannedOmsHandler.PageSize), onItem);

    public void Dispose()
    {
        _sdk.Dispose();
        _floorHttp.Dispose();
        _refitHttp.Dispose();
        Handler.Dispose();
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items, Action<int>? onItem)
    {
        var count = 0;
        await foreach (var item in items)
        {
            onItem?.Invoke(count);
            count++;
        }

        return count;
    }
}
