using System.Net;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Http;

/// <summary>
/// What the SDK's request bodies look like on the wire, read by a raw socket server: JSON with
/// <c>Content-Type: application/json; charset=utf-8</c> and an exact <c>Content-Length</c> (never chunked), for the token
/// exchange, a create and an update.
/// </summary>
public sealed class RequestBodyTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_update_and_the_token_exchange_send_json_with_an_exact_length()
    {
        await using var server = new ScriptedHttpServer(r =>
            ScriptedHttpServer.Reply.Json(r.Method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        using var client = new OmsClient(new OmsClientOptions { ApiKey = "key_1", ApiSecret = "secret_value_1", BaseAddress = server.BaseAddress });

        await client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Zoë", Email = "jane@example.com", Endorsements = [Endorsement.Usd] }, cancellationToken: _ct);
        await client.Customers.UpdateAsync("cst_1", new UpdateCustomerRequest { MiddleName = null, SignedAgreement = true }, cancellationToken: _ct);

        var requests = server.Requests.ToList();
        Assert.Equal(["POST /v0.9/auth/token", "POST /v0.9/customers", "PATCH /v0.9/customers/cst_1"], requests.Select(r => $"{r.Method} {r.Path}"));
        foreach (var request in requests)
        {
            Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
            Assert.Equal(Encoding.UTF8.GetByteCount(request.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
            Assert.Null(request.Header("Transfer-Encoding"));
        }

        using var token = JsonDocument.Parse(requests[0].Body);
        Assert.Equal("key_1", token.RootElement.GetProperty("apiKey").GetString());

        using var create = JsonDocument.Parse(requests[1].Body);
        Assert.Equal("Zoë", create.RootElement.GetProperty("firstName").GetString());
        Assert.Equal("individual", create.RootElement.GetProperty("type").GetString());
        Assert.Equal("usd", create.RootElement.GetProperty("endorsements")[0].GetString());
        Assert.False(create.RootElement.TryGetProperty("lastName", out _)); // nulls are not written

        using var update = JsonDocument.Parse(requests[2].Body);
        Assert.Equal(JsonValueKind.Null, update.RootElement.GetProperty("middleName").ValueKind); // an assigned null clears
        Assert.True(update.RootElement.GetProperty("signedAgreement").GetBoolean());
        Assert.Equal(2, update.RootElement.EnumerateObject().Count());
    }
}
