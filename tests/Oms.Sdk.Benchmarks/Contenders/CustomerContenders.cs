using Refit;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The five customer clients over one canned OMS, each already holding a token: (a) the SDK with its whole
/// pipeline, (b) the hand-written floor, (c) Refit with reflection JSON, (d) NSwag's and (e) Kiota's clients generated
/// from the contract. Used by the BenchmarkDotNet classes and by the quick mode alike, so both measure the same calls.
/// The generated clients' types are internal (generated so), so their calls are typed <see cref="Task"/> here.
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
    private readonly HttpClient _nswagHttp;
    private readonly NSwagContender _nswag;
    private readonly KiotaContender _kiota;

    public CustomerContenders(int pages = 1)
    {
        Handler = new CannedOmsHandler(pages);
        _sdk = new OmsClient(new OmsClientOptions { ApiKey = ApiKey, ApiSecret = ApiSecret, BaseAddress = CannedOmsHandler.BaseAddress }, Handler);
        _floorHttp = new HttpClient(Handler, disposeHandler: false) { BaseAddress = CannedOmsHandler.BaseAddress };
        _floor = new FloorClient(_floorHttp, ApiKey, ApiSecret);
        _refitHttp = new HttpClient(Handler, disposeHandler: false) { BaseAddress = CannedOmsHandler.BaseAddress };
        _refit = new RefitClient(RestService.For<IRefitOmsApi>(_refitHttp), ApiKey, ApiSecret);
        _nswagHttp = new HttpClient(Handler, disposeHandler: false) { BaseAddress = CannedOmsHandler.BaseAddress };
        _nswag = new NSwagContender(_nswagHttp, ApiKey, ApiSecret);
        _kiota = new KiotaContender(Handler, ApiKey, ApiSecret);
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

    /// <summary>
    /// Makes one call with each contender, so every one has its token and warm code paths, after checking that they
    /// all send the same create body and read the same page.
    /// </summary>
    public async Task WarmUpAsync()
    {
        await CheckSameWorkAsync();
        await SdkGetAsync();
        await FloorGetAsync();
        await RefitGetAsync();
        await NSwagGetAsync();
        await KiotaGetAsync();
    }

    public Task<Customer> SdkGetAsync() => _sdk.Customers.GetAsync(CustomerId);

    public Task<CustomerDto> FloorGetAsync() => _floor.GetAsync(CustomerId);

    public Task<CustomerDto> RefitGetAsync() => _refit.GetAsync(CustomerId);

    public Task NSwagGetAsync() => _nswag.GetAsync(CustomerId);

    public Task KiotaGetAsync() => _kiota.GetAsync(CustomerId);

    public Task<Customer> SdkCreateAsync() => _sdk.Customers.CreateAsync(SdkCreateRequest);

    public Task<CustomerDto> FloorCreateAsync() => _floor.CreateAsync(FloorCreateRequest);

    public Task<CustomerDto> RefitCreateAsync() => _refit.CreateAsync(FloorCreateRequest);

    public Task NSwagCreateAsync() => _nswag.CreateAsync(NSwagContender.CreateRequest);

    public Task KiotaCreateAsync() => _kiota.CreateAsync(KiotaContender.CreateRequest);

    public async Task<int> SdkListAsync() => (await _sdk.Customers.ListAsync(SdkPage)).Items.Count;

    public async Task<int> FloorListAsync() => (await _floor.ListAsync(CannedOmsHandler.PageSize, null)).Data!.Count;

    public async Task<int> RefitListAsync() => (await _refit.ListAsync(CannedOmsHandler.PageSize, null)).Data!.Count;

    public async Task<int> NSwagListAsync() => (await _nswag.ListAsync(CannedOmsHandler.PageSize, null)).Data.Count;

    public async Task<int> KiotaListAsync() => (await _kiota.ListAsync(CannedOmsHandler.PageSize, null))!.Data!.Count;

    public Task<int> SdkListAllAsync(Action<int>? onItem = null) => CountAsync(_sdk.Customers.ListAllAsync(SdkPage), onItem);

    public Task<int> FloorListAllAsync(Action<int>? onItem = null) => CountAsync(_floor.ListAllAsync(CannedOmsHandler.PageSize), onItem);

    public Task<int> RefitListAllAsync(Action<int>? onItem = null) => CountAsync(_refit.ListAllAsync(CannedOmsHandler.PageSize), onItem);

    /// <summary>
    /// Fails unless every contender sends the floor's create body (the same properties and values; NSwag's
    /// System.Text.Json code writes the enum <c>type</c> as its C# name, <c>Individual</c>, a known NSwag limitation,
    /// same length) and reads all 100 customers of a page.
    /// </summary>
    private async Task CheckSameWorkAsync()
    {
        Handler.CaptureRequestBodies = true;
        try
        {
            await FloorCreateAsync();
            var floor = Canonical(Handler.LastRequestBody);
            foreach (var (name, create) in new (string, Func<Task>)[] { ("SDK", SdkCreateAsync), ("Refit", RefitCreateAsync), ("NSwag", NSwagCreateAsync), ("Kiota", KiotaCreateAsync) })
            {
                await create();
                var body = Canonical(Handler.LastRequestBody);
                if (!string.Equals(body, floor, name == "NSwag" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name} sends a different create body: {body} (the floor sends {floor})");
                }
            }
        }
        finally
        {
            Handler.CaptureRequestBodies = false;
        }

        var counts = new[] { await SdkListAsync(), await FloorListAsync(), await RefitListAsync(), await NSwagListAsync(), await KiotaListAsync() };
        if (counts.Any(c => c != CannedOmsHandler.PageSize))
        {
            throw new InvalidOperationException($"A contender read a page wrong: {string.Join(", ", counts)} customers (SDK, floor, Refit, NSwag, Kiota).");
        }
    }

    /// <summary>A body's properties sorted by name, so the order a client writes them in does not count.</summary>
    private static string Canonical(byte[]? body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body ?? throw new InvalidOperationException("no request body"));
        return string.Join(",", document.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value.GetRawText()));
    }

    public void Dispose()
    {
        _sdk.Dispose();
        _floorHttp.Dispose();
        _refitHttp.Dispose();
        _nswagHttp.Dispose();
        _kiota.Dispose();
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
