using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Errors;

/// <summary>A 400/422 whose body lists the fields OMS refused carries them on <see cref="OmsValidationException.FieldErrors"/>, from every common shape.</summary>
public sealed class FieldErrorTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    public static TheoryData<string, string[]> Shapes => new()
    {
        { """{"error":{"code":"validation_error","message":"Invalid request","details":[{"field":"email","message":"must be an email address"},{"field":"birthDate","message":"must be in the past"}]}}""", ["email: must be an email address", "birthDate: must be in the past"] },
        { """{"error":{"code":"validation_error","fields":{"email":"must be an email address"}}}""", ["email: must be an email address"] },
        { """{"details":[{"path":"residentialAddress.postalCode","reason":"is required"}]}""", ["residentialAddress.postalCode: is required"] },
        { """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"email":["must be an email address","is too long"],"lastName":["is required"]}}""", ["email: must be an email address", "email: is too long", "lastName: is required"] },
        { """{"title":"Invalid","errors":[{"pointer":"/residentialAddress/country","detail":"must be ISO 3166-1 alpha-2"}]}""", ["residentialAddress.country: must be ISO 3166-1 alpha-2"] },
        { """{"message":"Invalid","fields":{"phone":["must be E.164"]}}""", ["phone: must be E.164"] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_common_shape_gives_the_field_errors(string body, string[] expected)
    {
        GivenCreateAnswers(HttpStatus.UnprocessableEntity, body);
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.CreateAsync(new CreateCustomerRequest { Email = "x" }, cancellationToken: _ct));

        Assert.Equal(expected, ex.FieldErrors.Select(e => $"{e.Field}: {e.Message}"));
    }

    [Theory]
    [InlineData("""{"error":{"code":"validation_error","message":"Invalid request"}}""")]
    [InlineData("""{"errors":"not a list"}""")]
    [InlineData("""{"errors":[{"message":"no field named"}]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""<html>not json</html>""")]
    [InlineData("")]
    public async Task Bodies_without_fields_give_none(string body)
    {
        GivenCreateAnswers(HttpStatusCode.BadRequest, body);
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.CreateAsync(new CreateCustomerRequest { Email = "x" }, cancellationToken: _ct));

        Assert.Empty(ex.FieldErrors);
    }

    private void GivenCreateAnswers(HttpStatusCode status, string body) =>
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body).WithHeader("Content-Type", "application/json"));
}
