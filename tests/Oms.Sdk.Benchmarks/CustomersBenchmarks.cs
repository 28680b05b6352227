using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks;

/// <summary>One customer call per operation: the SDK (whole pipeline), the hand-written floor (baseline), Refit, and the clients NSwag and Kiota generate from the contract.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CustomersBenchmarks
{
    private CustomerContenders _contenders = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _contenders = new CustomerContenders(pages: 1);
        await _contenders.WarmUpAsync();
    }

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark(Description = "SDK"), BenchmarkCategory("GetAsync")]
    public Task<Customer> GetSdk() => _contenders.SdkGetAsync();

    [Benchmark(Description = "floor", Baseline = true), BenchmarkCategory("GetAsync")]
    public Task<CustomerDto> GetFloor() => _contenders.FloorGetAsync();

    [Benchmark(Description = "Refit"), BenchmarkCategory("GetAsync")]
    public Task<CustomerDto> GetRefit() => _contenders.RefitGetAsync();

    [Benchmark(Description = "NSwag"), BenchmarkCategory("GetAsync")]
    public Task GetNSwag() => _contenders.NSwagGetAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("GetAsync")]
    public Task GetKiota() => _contenders.KiotaGetAsync();

    [Benchmark(Description = "SDK"), BenchmarkCategory("CreateAsync")]
    public Task<Customer> CreateSdk() => _contenders.SdkCreateAsync();

    [Benchmark(Description = "floor", Baseline = true), BenchmarkCategory("CreateAsync")]
    public Task<CustomerDto> CreateFloor() => _contenders.FloorCreateAsync();

    [Benchmark(Description = "Refit"), BenchmarkCategory("CreateAsync")]
    public Task<CustomerDto> CreateRefit() => _contenders.RefitCreateAsync();

    [Benchmark(Description = "NSwag"), BenchmarkCategory("CreateAsync")]
    public Task CreateNSwag() => _contenders.NSwagCreateAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("CreateAsync")]
    public Task CreateKiota() => _contenders.KiotaCreateAsync();

    [Benchmark(Description = "SDK"), BenchmarkCategory("ListAsync")]
    public Task<int> ListSdk() => _contenders.SdkListAsync();

    [Benchmark(Description = "floor", Baseline = true), BenchmarkCategory("ListAsync")]
    public Task<int> ListFloor() => _contenders.FloorListAsync();

    [Benchmark(Description = "Refit"), BenchmarkCategory("ListAsync")]
    public Task<int> ListRefit() => _contenders.RefitListAsync();

    [Benchmark(Description = "NSwag"), BenchmarkCategory("ListAsync")]
    public Task ListNSwag() => _contenders.NSwagListAsync();

    [Benchmark(Description = "Kiota"), BenchmarkCategory("ListAsync")]
    public Task ListKiota() => _contenders.KiotaListAsync();
}

/// <summary>Every customer of a list of <see cref="Pages"/> pages of 100: allocation per page should not grow with the page count.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ListAllBenchmarks
{
    private CustomerContenders _contenders = null!;

    [Params(1, 10)]
    public int Pages { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _contenders = new CustomerContenders(Pages);
        await _contenders.WarmUpAsync();
    }

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark(Description = "SDK ListAllAsync")]
    public Task<int> Sdk() => _contenders.SdkListAllAsync();

    [Benchmark(Description = "floor ListAllAsync", Baseline = true)]
    public Task<int> Floor() => _contenders.FloorListAllAsync();

    [Benchmark(Description = "Refit ListAllAsync")]
    public Task<int> Refit() => _contenders.RefitListAllAsync();
}
