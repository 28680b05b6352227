using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Http;

/// <summary>
/// No redirect is ever followed on the SDK's own transport, standalone or from DI: the key and secret, the bearer token and
/// a create's PII reach the configured host only. A 3xx is an <see cref="OmsUnexpectedResponseException"/> that names the
/// redirect's host (never its path or query) and says to configure the final address, and it is not retried.
/// </summary>
public sealed class RedirectTests : IAsyncDisposable
{
    private const string ApiSecret = "sec_redirect_must_not_travel_42";
    private const string SecretPath = "/steal/v0.9/auth/token?next=hunter2";

    private readonly HostileHttpServer _elsewhere = new((_, stream, ct) => HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes("""{"accessToken":"tok_evil","expiresIn":3600}"""), ct));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _elsewhere.DisposeAsync();

    public enum Host
    {
        Standalone,
        DependencyInjection,
    }

    private Func<ScriptedHttpServer.Recorded, Stream, CancellationToken, Task> RedirectTo(int status) =>
        (_, stream, ct) => HostileHttpServer.WriteAsync(stream, status, "Redirect", [("Location", _elsewhere.Root + SecretPath.TrimStart('/'))], [], ct);

    private static OmsClientOptions Options(Uri baseAddress) => new()
    {
        ApiKey = "sk_sdbx_redirect_key",
        ApiSecret = ApiSecret,
        BaseAddress = baseAddress,
        Resilience = { BaseDelay = TimeSpan.Zero },
    };

    private static (IOmsClient Client, IAsyncDisposable Owner) Build(Host host, Uri baseAddress)
    {
        if (host == Host.Standalone)
        {
            var client = new OmsClient(Options(baseAddress));
            return (client, new Disposer(client));
        }

        var services = new ServiceCollection();
        services.AddOmsClient(o =>
        {
            var template = Options(baseAddress);
            o.ApiKey = template.ApiKey;
            o.ApiSecret = template.ApiSecret;
            o.BaseAddress = template.BaseAddress;
            o.Resilience = template.Resilience;
        });
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IOmsClient>(), provider);
    }

    private void AssertNamesTheHostOnly(OmsUnexpectedResponseException error, int status)
    {
        Assert.Equal(status, (int)error.StatusCode!);
        Assert.Contains($"redirect to {_elsewhere.Root.GetLeftPart(UriPartial.Authority)}", error.Message, StringComparison.Ordinal);
        Assert.Contains("BaseAddress points at", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set OmsClientOptions.BaseAddress to the final address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("steal", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiSecret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests);
    }

    [Theory]
    [InlineData(307, Host.Standalone)]
    [InlineData(308, Host.Standalone)]
    [InlineData(307, Host.DependencyInjection)]
    [InlineData(308, Host.DependencyInjection)]
    public async Task A_redirected_token_exchange_never_sends_the_key_and_secret_to_the_other_host(int status, Host host)
    {
        await using var oms = new HostileHttpServer(RedirectTo(status));
        var (client, owner) = Build(host, oms.BaseAddress);
        await using var _ = owner;

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        AssertNamesTheHostOnly(error, status);
        Assert.Equal(1, oms.Count("/auth/token"));
        Assert.Equal(0, oms.Count("/customers/cst_1"));
        Assert.Contains(ApiSecret, oms.Requests.Single().Body, StringComparison.Ordinal); // the configured host got it, and only it
    }

    [Theory]
    [InlineData(302, Host.Standalone)]
    [InlineData(307, Host.Standalone)]
    [InlineData(302, Host.DependencyInjection)]
    [InlineData(307, Host.DependencyInjection)]
    public async Task A_redirected_get_is_not_followed_and_not_retried(int status, Host host)
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(RedirectTo(status)));
        var (client, owner) = Build(host, oms.BaseAddress);
        await using var _ = owner;

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        AssertNamesTheHostOnly(error, status);
        Assert.Equal("customers.get", error.Operation);
        Assert.Equal(1, oms.Count("/customers/cst_1"));
    }

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.DependencyInjection)]
    public async Task A_redirected_create_never_sends_its_pii_to_the_other_host(Host host)
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(RedirectTo(307)));
        var (client, owner) = Build(host, oms.BaseAddress);
        await using var _ = owner;

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.CreateAsync(WireSamples.FullRequest(), "key-redirect", _ct));

        AssertNamesTheHostOnly(error, 307);
        Assert.Equal("key-redirect", error.IdempotencyKey);
        Assert.Equal(1, oms.Count("/customers"));
    }

    [Fact]
    public async Task A_relative_redirect_says_so_without_its_path()
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen((_, stream, ct) =>
            HostileHttpServer.WriteAsync(stream, 301, "Moved", [("Location", "/v0.13/customers/cst_1?token=abc")], [], ct)));
        using var client = new OmsClient(Options(oms.BaseAddress));

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains("another path on the same host", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("v0.13", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", error.Message, StringComparison.Ordinal);
    }

    private sealed class Disposer(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
