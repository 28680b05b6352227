using System.Text;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>Verification allocates nothing on the heap once warm: no per-request garbage on a hot receiver.</summary>
[Collection(Oms.Sdk.Tests.Diagnostics.TelemetryCollection.Name)]
public sealed class OmsWebhookVerifierAllocationTests(ITestOutputHelper output)
{
    private const int Iterations = 200;

    [Theory]
    [InlineData(1024, true)]
    [InlineData(64 * 1024, true)]
    [InlineData(1024, false)]
    [InlineData(64 * 1024, false)]
    public void Verifying_allocates_nothing(int bodySize, bool genuine)
    {
        var (body, headers) = Delivery(bodySize, genuine);

        var allocated = MeasureAllocations(body, headers, expectOk: genuine);

        output.WriteLine($"{bodySize} B body, {(genuine ? "genuine" : "forged")}: {allocated} bytes over {Iterations} verifications");
        Assert.Equal(0, allocated);
    }

    private static long MeasureAllocations(byte[] body, Func<string, string?> headers, bool expectOk)
    {
        // Two secrets (three keys) and several entries: the rotation case, not just the simplest one.
        var verifier = Verifier(OmsSecret, SpecSecret);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(expectOk, verifier.TryVerify(body, headers, out _));
        }

        var okCount = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            okCount += verifier.TryVerify(body, headers, out _) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expectOk ? Iterations : 0, okCount);
        return allocated;
    }

    private static (byte[] Body, Func<string, string?> Headers) Delivery(int size, bool genuine)
    {
        var body = Encoding.UTF8.GetBytes("{\"type\": \"ping\", \"data\": \"" + new string('x', size - 30) + "\"}");
        Assert.InRange(body.Length, size - 2, size + 2);
        var signature = new OmsWebhookSigner(OmsSecret).Sign("msg_alloc", SpecTime, genuine ? body : [.. body, 0]);

        // Pre-made strings: the lookup itself allocates nothing, so what is measured is the verifier's.
        var id = "msg_alloc";
        var timestamp = SpecTimestamp;
        var header = "v2,AAAA v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + signature;
        return (body, name => name switch
        {
            OmsWebhookVerifier.IdHeader => id,
            OmsWebhookVerifier.TimestampHeader => timestamp,
            OmsWebhookVerifier.SignatureHeader => header,
            _ => null,
        });
    }
}
