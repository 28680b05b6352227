using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Errors;

/// <summary>Error answers become typed exceptions carrying what OMS said, read leniently from every body shape.</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    private void GivenGet(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(response);
    }

    [Theory]
    [InlineData("""{"error":{"code":"not_found","message":"No such customer"}}""", "not_found", "No such customer")]
    [InlineData("""{"code":"not_found","message":"No such customer"}""", "not_found", "No such customer")]
    [InlineData("""{"error":"No such customer"}""", null, "No such customer")]
    [InlineData("""{"message":"No such customer"}""", null, "No such customer")]
    [InlineData("""{"type":"https://oms/errors/not-found","title":"Not Found","detail":"No such customer"}""", "https://oms/errors/not-found", "Not Found: No such customer")]
    [InlineData("""{"error":{"code":404,"message":"No such customer"}}""", "404", "No such customer")]
    [InlineData("""<html>not json</html>""", null, null)]
    [InlineData("", null, null)]
    public async Task Every_error_body_shape_is_read(string body, string? code, string? message)
    {
        GivenGet(HttpStatusCode.NotFound, body);
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(message, ex.ErrorMessage);
        Assert.Equal(body.Length == 0 ? null : body, ex.RawBody);
        Assert.Equal("customers.get", ex.Operation);
        Assert.Equal(1, ex.Attempts);
        if (message is not null)
        {
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("Request-Id")]
    [InlineData("X-Correlation-Id")]
    public async Task Request_id_is_read_from_each_header(string header)
    {
        GivenGet(HttpStatusCode.NotFound, "{}", (header, "req_abc123"));
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal("req_abc123", ex.RequestId);
        Assert.Contains("req_abc123", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, typeof(OmsValidationException))]
    [InlineData(HttpStatus.UnprocessableEntity, typeof(OmsValidationException))]
    [InlineData(HttpStatusCode.Conflict, typeof(OmsConflictException))]
    [InlineData(HttpStatusCode.NotFound, typeof(OmsNotFoundException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(OmsApiException))]
    [InlineData(HttpStatusCode.MethodNotAllowed, typeof(OmsApiException))]
    public async Task Statuses_map_to_the_exception_whose_handling_differs(HttpStatusCode status, Type expected)
    {
        GivenGet(status, """{"error":{"code":"x","message":"y"}}""");
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAnyAsync<OmsApiException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
    }

    [Fact]
    public async Task Raw_body_is_bounded()
    {
        GivenGet(HttpStatusCode.BadRequest, new string('x', 100_000));
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(4096, ex.RawBody!.Length);
    }

    [Fact]
    public async Task Create_errors_carry_the_idempotency_key()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Conflict, """{"error":{"code":"idempotency_conflict","message":"Key reused"}}"""));
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsConflictException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), "key-1", _ct));

        Assert.Equal("key-1", ex.IdempotencyKey);
        Assert.Equal("idempotency_conflict", ex.ErrorCode);
        Assert.Contains("key-1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":""")]
    [InlineData("""<html><body>Welcome to nginx</body></html>""")]
    [InlineData("null")]
    [InlineData("""["not","an","object"]""")]
    public async Task A_success_with_a_body_that_is_not_a_customer_is_a_clear_sdk_error(string body)
    {
        GivenGet(HttpStatusCode.OK, body);
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("customers.get", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(new[] { _oms.Requests("/customers/cst_1").Count() }));
    }
}
