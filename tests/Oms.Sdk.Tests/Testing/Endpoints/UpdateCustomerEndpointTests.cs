using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing.Endpoints;

/// <summary>
/// PATCH /customers/{customerId}, sent as raw HTTP (the fake's contract, whatever the client sends): JSON Merge Patch,
/// the create request's validation, idempotency keys, endorsement re-evaluation, and faults.
/// </summary>
public sealed class UpdateCustomerEndpointTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 20, 14, 15, 22, TimeSpan.Zero);

    /// <summary>The contract's full create example (every documented field).</summary>
    private const string FullCreateBody = """
        {"type":"individual","firstName":"Jane","middleName":"Marie","lastName":"Smith","email":"jane@example.com","phone":"+12125551234",
         "birthDate":"1990-05-15","nationality":"US","ipAddress":"203.0.113.42","externalId":"usr_12345","signedAgreement":true,
         "residentialAddress":{"line1":"123 Main St","line2":"Apt 4B","city":"New York","state":"NY","country":"US","zipCode":"10001"},
         "identifyingInformation":[{"type":"ssn","issuingCountry":"US","number":"123456789"}],
         "endorsements":["basic","cryptoCustody","usd"],"metadata":{"plan":"pro"}}
        """;

    [Fact]
    public async Task An_update_changes_only_the_fields_it_sends_and_bumps_updatedAt()
    {
        var time = new FakeTimeProvider(Start);
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, FullCreateBody);
        var before = await GetAsync(http, id);

        time.Advance(TimeSpan.FromMinutes(19));
        var (status, updated) = await PatchAsync(http, id, """{"email":"jane.new@example.com","phone":"+12125559999"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("jane.new@example.com", "+12125559999"), (updated.GetProperty("email").GetString(), updated.GetProperty("phone").GetString()));
        Assert.Equal(time.GetUtcNow(), updated.GetProperty("updatedAt").GetDateTimeOffset());
        foreach (var unchanged in new[] { "id", "firstName", "middleName", "lastName", "nationality", "externalId", "signedAgreementAt", "endorsements", "metadata", "createdAt" })
        {
            Assert.Equal(before.GetProperty(unchanged).GetRawText(), updated.GetProperty(unchanged).GetRawText());
        }

        Assert.Equal(updated.GetRawText(), (await GetAsync(http, id)).GetRawText());
    }

    [Fact]
    public async Task Null_clears_an_optional_field()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, FullCreateBody);

        var (status, updated) = await PatchAsync(http, id, """{"middleName":null,"externalId":null,"email":null}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(new[] { "middleName", "externalId", "email" }, field => Assert.Equal(JsonValueKind.Null, updated.GetProperty(field).ValueKind));
        Assert.Equal("Jane", updated.GetProperty("firstName").GetString());
        Assert.Null(Assert.Single(oms.Customers).ExternalId);
    }

    [Fact]
    public async Task Metadata_merges_key_by_key_a_null_value_removes_its_key_and_null_metadata_clears_it()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual","metadata":{"plan":"pro","region":"eu"}}""");

        var (_, merged) = await PatchAsync(http, id, """{"metadata":{"plan":null,"tier":"gold","region":"us"}}""");
        var (_, cleared) = await PatchAsync(http, id, """{"metadata":null}""");

        Assert.Equal(
            new Dictionary<string, string> { ["region"] = "us", ["tier"] = "gold" },
            merged.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Empty(cleared.GetProperty("metadata").EnumerateObject());
    }

    [Fact]
    public async Task Signing_the_agreement_stamps_signedAgreementAt_once_and_unsigning_clears_it()
    {
        var time = new FakeTimeProvider(Start);
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");

        time.Advance(TimeSpan.FromMinutes(10));
        var (_, signed) = await PatchAsync(http, id, """{"signedAgreement":true}""");
        time.Advance(TimeSpan.FromMinutes(10));
        var (_, signedAgain) = await PatchAsync(http, id, """{"signedAgreement":true}""");
        var (_, unsigned) = await PatchAsync(http, id, """{"signedAgreement":false}""");

        Assert.True(signed.GetProperty("signedAgreement").GetBoolean());
        Assert.Equal(Start.AddMinutes(10), signed.GetProperty("signedAgreementAt").GetDateTimeOffset());
        Assert.Equal(Start.AddMinutes(10), signedAgain.GetProperty("signedAgreementAt").GetDateTimeOffset());
        Assert.False(unsigned.GetProperty("signedAgreement").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unsigned.GetProperty("signedAgreementAt").ValueKind);
    }

    [Fact]
    public async Task Write_only_pii_sent_in_an_update_is_accepted_and_never_returned()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");

        var (status, updated) = await PatchAsync(http, id, """
            {"birthDate":"1990-05-15","ipAddress":"203.0.113.42","residentialAddress":{"line1":"123 Main St","line2":null,"country":"US"},
             "identifyingInformation":[{"type":"ssn","issuingCountry":"US","number":"123456789"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var secret in new[] { "birthDate", "1990-05-15", "residentialAddress", "123 Main St", "ipAddress", "203.0.113.42", "identifyingInformation", "123456789" })
        {
            Assert.DoesNotContain(secret, updated.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("{\"email\":", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"nickname\":\"JJ\"}", HttpStatusCode.OK)] // a field outside the contract is kept (OMS adds fields)
    [InlineData("{\"phone\":\"12125551234\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"nationality\":\"us\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"email\":\"jane.example.com\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"firstName\":42}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"birthDate\":\"1990-02-30\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"signedAgreement\":null}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"endorsements\":null}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"endorsements\":[\"gold\"]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"endorsements\":[\"USD\"]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"metadata\":{\"tier\":1}}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"identifyingInformation\":[{\"type\":\"library-card\"}]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"residentialAddress\":{\"street\":\"x\"}}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"middleName\":null}", HttpStatusCode.OK)]
    [InlineData("{\"residentialAddress\":null,\"identifyingInformation\":null,\"ipAddress\":null,\"birthDate\":null}", HttpStatusCode.OK)]
    [InlineData("{\"endorsements\":[]}", HttpStatusCode.OK)]
    public async Task An_update_is_checked_as_the_contract_says_and_a_refused_one_changes_nothing(string body, HttpStatusCode expected)
    {
        var time = new FakeTimeProvider(Start);
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, FullCreateBody);
        var before = await GetAsync(http, id);
        time.Advance(TimeSpan.FromMinutes(1));

        using var response = await http.SendAsync(Patch(id, body), Ct);

        Assert.Equal(expected, response.StatusCode);
        var after = await GetAsync(http, id);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(time.GetUtcNow(), after.GetProperty("updatedAt").GetDateTimeOffset());
        }
        else
        {
            var code = (await ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString();
            Assert.Equal(expected == HttpStatusCode.BadRequest ? "bad_request" : "validation_error", code);
            Assert.Equal(before.GetRawText(), after.GetRawText());
        }
    }

    [Fact]
    public async Task The_validation_message_names_each_problem_and_how_to_fix_it()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");

        using var empty = await http.SendAsync(Patch(id, "{}"), Ct);
        using var several = await http.SendAsync(Patch(id, """{"type":"individual","signedAgreement":null,"phone":"555"}"""), Ct);

        Assert.Contains("at least one field", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var message = (await ReadJsonAsync(several)).GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("type is not a field of the update request", message, StringComparison.Ordinal);
        Assert.Contains("signedAgreement must be true or false; it cannot be cleared", message, StringComparison.Ordinal);
        Assert.Contains("phone must be in E.164 form", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_customer_is_a_404_and_a_missing_token_a_401()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };

        using var unknown = await http.SendAsync(Patch("cst_doesnotexist", """{"email":"jane@example.com"}"""), Ct);
        using var nested = await http.SendAsync(Patch(id + "%2Fx", """{"email":"jane@example.com"}"""), Ct);
        using var unauthorized = await anonymous.SendAsync(Patch(id, """{"email":"jane@example.com"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await ReadJsonAsync(unknown)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, nested.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Null(Assert.Single(oms.Customers).Email);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData(null)]
    public async Task An_idempotency_key_that_is_blank_or_longer_than_255_characters_is_a_400(string? key)
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");

        var (refused, error) = await PatchAsync(http, id, """{"firstName":"Ann"}""", key ?? new string('k', 256));
        var (accepted, _) = await PatchAsync(http, id, """{"firstName":"Ann"}""", new string('k', 255));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (refused, accepted));
        Assert.Contains("Idempotency-Key", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_with_the_same_body_answers_the_first_update_again_without_applying_it_twice()
    {
        var time = new FakeTimeProvider(Start);
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");

        time.Advance(TimeSpan.FromMinutes(1));
        var (_, first) = await PatchAsync(http, id, """{"firstName":"Ann"}""", "update-1");
        time.Advance(TimeSpan.FromMinutes(1));
        await PatchAsync(http, id, """{"firstName":"Bea"}""");
        var (status, replayed) = await PatchAsync(http, id, """{ "firstName" : "Ann" }""", "update-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.GetRawText(), replayed.GetRawText());
        Assert.Equal("Bea", Assert.Single(oms.Customers).FirstName);
    }

    [Fact]
    public async Task The_same_key_with_another_body_another_customer_or_a_create_is_a_409()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""", "create-1");
        var other = await CreateAsync(http, """{"type":"individual"}""");
        await PatchAsync(http, id, """{"firstName":"Ann"}""", "update-1");

        var (anotherBody, error) = await PatchAsync(http, id, """{"firstName":"Bea"}""", "update-1");
        var (anotherCustomer, _) = await PatchAsync(http, other, """{"firstName":"Ann"}""", "update-1");
        var (createKey, _) = await PatchAsync(http, id, """{"firstName":"Cat"}""", "create-1");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict), (anotherBody, anotherCustomer, createKey));
        Assert.Equal("idempotency_conflict", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(["Ann", null], oms.Customers.Select(c => c.FirstName));
    }

    [Theory]
    [InlineData("{\"email\":\"x@example.com\",\"phone\":\"+12125550000\",\"metadata\":{\"a\":\"b\"},\"signedAgreement\":true}", false)]
    [InlineData("{\"lastName\":\"Smith\"}", false)]
    [InlineData("{\"lastName\":\"Jones\"}", true)]
    [InlineData("{\"lastName\":null}", true)]
    [InlineData("{\"ipAddress\":\"198.51.100.7\"}", true)]
    [InlineData("{\"residentialAddress\":{\"line1\":\"1 Main St\",\"country\":\"US\"}}", true)]
    [InlineData("{\"residentialAddress\":null}", true)]
    [InlineData("{\"identifyingInformation\":[{\"type\":\"passport\",\"issuingCountry\":\"US\",\"number\":\"X1\"}]}", true)]
    public async Task In_manual_mode_a_compliance_relevant_change_sends_every_endorsement_back_to_pending(string body, bool reevaluated)
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual","lastName":"Smith","endorsements":["usd"]}""");
        await oms.GrantEndorsementAsync(id, Endorsement.Basic, Ct);
        await oms.GrantEndorsementAsync(id, Endorsement.Usd, Ct);

        var (status, updated) = await PatchAsync(http, id, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            [("basic", reevaluated ? "pending" : "approved"), ("usd", reevaluated ? "pending" : "approved")],
            Endorsements(updated));
    }

    [Fact]
    public async Task In_manual_mode_naming_endorsements_re_evaluates_those_and_adds_missing_ones_with_basic()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual","endorsements":["usd"]}""");
        await oms.GrantEndorsementAsync(id, Endorsement.Basic, Ct);
        await oms.GrantEndorsementAsync(id, Endorsement.Usd, Ct);
        var bare = await CreateAsync(http, """{"type":"individual","endorsements":[]}""");

        var (_, usdAgain) = await PatchAsync(http, id, """{"endorsements":["usd"]}""");
        var (_, added) = await PatchAsync(http, id, """{"endorsements":["cryptoCustody"]}""");
        var (_, fromNothing) = await PatchAsync(http, bare, """{"endorsements":["usd"]}""");

        Assert.Equal([("basic", "approved"), ("usd", "pending")], Endorsements(usdAgain));
        Assert.Equal([("basic", "approved"), ("cryptoCustody", "pending"), ("usd", "pending")], Endorsements(added));
        Assert.Equal([("basic", "pending"), ("usd", "pending")], Endorsements(fromNothing));
    }

    [Fact]
    public async Task In_auto_approve_mode_re_evaluated_and_added_endorsements_are_approved_at_once()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual","endorsements":["usd"]}""");

        var (_, added) = await PatchAsync(http, id, """{"endorsements":["cryptoCustody"]}""");
        var (_, changed) = await PatchAsync(http, id, """{"lastName":"Jones","identifyingInformation":[]}""");

        Assert.Equal([("basic", "approved"), ("cryptoCustody", "approved"), ("usd", "approved")], Endorsements(added));
        Assert.Equal(Endorsements(added), Endorsements(changed));
    }

    [Fact]
    public async Task An_endorsement_re_evaluated_by_an_update_is_granted_again_with_a_signed_webhook()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var receiver = StartReceiver(200);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual","endorsements":["usd"]}""");
        await oms.GrantEndorsementAsync(id, Endorsement.Usd, Ct);

        var (_, pending) = await PatchAsync(http, id, """{"residentialAddress":{"line1":"1 Main St","country":"US"}}""");
        var granted = await oms.GrantEndorsementAsync(id, Endorsement.Usd, Ct);

        Assert.Contains(("usd", "pending"), Endorsements(pending));
        Assert.True(Assert.Single(granted.Deliveries).Delivered);
        Assert.True(granted.Customer.HasEndorsement(Endorsement.Usd));
        Assert.Equal(2, receiver.LogEntries.Count());
    }

    [Fact]
    public async Task Injected_faults_apply_to_updates_and_a_failed_one_changes_nothing()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");
        oms.FailNext(1, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Patch);
        oms.RateLimitNext(1, TimeSpan.FromSeconds(7), method: HttpMethod.Patch);

        var (failed, _) = await PatchAsync(http, id, """{"firstName":"Ann"}""");
        using var limited = await http.SendAsync(Patch(id, """{"firstName":"Ann"}"""), Ct);
        var (succeeded, _) = await PatchAsync(http, id, """{"firstName":"Bea"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, succeeded);
        Assert.Equal("Bea", Assert.Single(oms.Customers).FirstName);
        Assert.Equal(3, oms.RequestCount(HttpMethod.Patch, "/customers/" + id));
    }

    [Fact]
    public async Task An_update_dropped_after_it_was_applied_is_replayed_with_the_same_key_not_applied_twice()
    {
        var time = new FakeTimeProvider(Start);
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var http = await AuthorizedHttpAsync(oms);
        var id = await CreateAsync(http, """{"type":"individual"}""");
        oms.DropConnectionAfterUpdateNext(1);

        time.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(Patch(id, """{"firstName":"Ann"}""", "update-1"), Ct));
        var appliedAt = Assert.Single(oms.Customers).UpdatedAt;
        time.Advance(TimeSpan.FromMinutes(1));
        var (status, retried) = await PatchAsync(http, id, """{"firstName":"Ann"}""", "update-1");

        Assert.Equal(Start.AddMinutes(1), appliedAt);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(appliedAt, retried.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(appliedAt, Assert.Single(oms.Customers).UpdatedAt);
    }

    private static HttpRequestMessage Patch(string id, string body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, "customers/" + id) { Content = Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PatchAsync(HttpClient http, string id, string body, string? idempotencyKey = null)
    {
        using var response = await http.SendAsync(Patch(id, body, idempotencyKey), Ct);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<string> CreateAsync(HttpClient http, string body, string? idempotencyKey = null)
    {
        using var response = await http.SendAsync(CreateRequest(body, idempotencyKey ?? Guid.NewGuid().ToString()), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string id) =>
        JsonDocument.Parse(await http.GetStringAsync("customers/" + id, Ct)).RootElement;

    private static (string Name, string Status)[] Endorsements(JsonElement customer) =>
        [.. customer.GetProperty("endorsements").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("status").GetString()!))];
}
