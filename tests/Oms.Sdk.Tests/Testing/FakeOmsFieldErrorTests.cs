using System.Net;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>The fake's 422 lists each refused field, so OmsValidationException.FieldErrors can be tested against it.</summary>
public sealed class FakeOmsFieldErrorTests
{
    [Fact]
    public async Task A_create_refused_for_several_fields_fills_FieldErrors_with_each_field_and_its_rule()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);

        var error = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.CreateAsync(
            new CreateCustomerRequest { Email = "jane.example.com", Phone = "12125551234", Nationality = "usa" }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal(["email", "phone", "nationality"], error.FieldErrors.Select(f => f.Field));
        Assert.StartsWith("phone must be in E.164 form", error.FieldErrors[1].Message, StringComparison.Ordinal);
        Assert.All(error.FieldErrors, f => Assert.Contains(f.Message, error.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nested_fields_are_named_by_their_path_and_problems_of_the_whole_body_are_in_the_message_only()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);

        using var nested = await http.SendAsync(CreateRequest("""{"type":"individual","residentialAddress":{"city":3,"planet":"Mars"},"endorsements":["gold"]}""", "key-nested"), Ct);
        using var notAnObject = await http.SendAsync(CreateRequest("[]", "key-array"), Ct);

        var details = (await ReadJsonAsync(nested)).GetProperty("error").GetProperty("details").EnumerateArray()
            .Select(d => d.GetProperty("field").GetString()).ToList();
        Assert.Equal(["endorsements[0]", "residentialAddress.planet", "residentialAddress.city"], details);
        var whole = (await ReadJsonAsync(notAnObject)).GetProperty("error");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAnObject.StatusCode);
        Assert.False(whole.TryGetProperty("details", out _));
        Assert.Contains("must be a JSON object", whole.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_refused_for_a_field_fills_FieldErrors()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<OmsValidationException>(
            () => client.Customers.UpdateAsync(created.Id, new UpdateCustomerRequest { Phone = "not a phone" }, cancellationToken: Ct));

        Assert.Equal("phone", Assert.Single(error.FieldErrors).Field);
    }
}
