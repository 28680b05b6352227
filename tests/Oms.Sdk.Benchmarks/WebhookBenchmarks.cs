using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks;

/// <summary>Verifying one delivery: the SDK, the StandardWebhooks package and the bare HMAC floor (baseline).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class WebhookBenchmarks
{
    private WebhookContenders _contenders = null!;

    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int BodyBytes { get; set; }

    [Params(1, 3)]
    public int Secrets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _contenders = new WebhookContenders(BodyBytes, Secrets);
        _contenders.EnsureAllAccept();
    }

    [Benchmark(Description = "SDK TryVerify")]
    public bool Sdk() => _contenders.Sdk();

    [Benchmark(Description = "StandardWebhooks 1.1.2")]
    public bool StandardWebhooks() => _contenders.StandardWebhooks();

    [Benchmark(Description = "floor HMACSHA256.HashData", Baseline = true)]
    public bool Floor() => _contenders.Floor();
}
