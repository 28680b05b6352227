using System.Net;
using Oms.Sdk.Tests.Diagnostics;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Customers;

/// <summary>
/// An update's write-only PII (birth date, address, IP, document numbers) never reaches a log, a span, a metric, an
/// exception, a kept error body or <c>ToString()</c>, even when OMS echoes it back in an error.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class UpdateCustomerPiiTests : IDisposable
{
    private const string CustomerId = "cst_pii_1";

    /// <summary>Birth date, street, second line, city, zip, IP, passport number: each must stay on the request body.</summary>
    private static readonly string[] Pii = ["1979-11-23", "31 Spooner Street", "Unit 7C", "Quahog", "02903", "192.0.2.146", "P0XK41977"];

    private readonly OmsWireMock _oms = new();
    private readonly TelemetryCapture _capture = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _capture.Dispose();
        _oms.Dispose();
    }

    private static UpdateCustomerRequest Identity() => new()
    {
        BirthDate = DateOnly.FromDateTime(DateTime.Parse(Pii[0], System.Globalization.CultureInfo.InvariantCulture)),
        ResidentialAddress = new ResidentialAddress { Line1 = Pii[1], Line2 = Pii[2], City = Pii[3], Country = "US", ZipCode = Pii[4] },
        IpAddress = Pii[5],
        IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Passport, IssuingCountry = "US", Number = Pii[6] }],
        SignedAgreement = true,
    };

    [Fact]
    public async Task Pii_of_an_update_is_in_no_log_span_metric_exception_or_to_string()
    {
        var echo = "rejected: " + string.Join(", ", Pii);
        _oms.GivenSequence(
            "PATCH",
            "/customers/" + CustomerId,
            OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"),
            OmsWireMock.Json(HttpStatus.UnprocessableEntity, "{\"error\":{\"code\":\"validation_error\",\"message\":\"" + echo + "\"}}"),
            OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer(CustomerId)));
        using var client = _oms.Client(o => o.LoggerFactory = _capture.LoggerFactory);
        var request = Identity();

        var invalid = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.UpdateAsync(CustomerId, request, "upd-pii-1", _ct));
        var updated = await client.Customers.UpdateAsync(CustomerId, request, "upd-pii-2", _ct);

        Assert.Equal(CustomerId, updated.Id);
        Assert.Equal(2, invalid.Attempts); // the 503 was retried with the same key, the 422 was not
        Assert.Contains("[redacted]", invalid.RawBody!, StringComparison.Ordinal);
        var spans = _capture.Spans.Where(s => s.OperationName == "oms.customers.update").ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(CustomerId, s.GetTagItem("oms.customer.id")));
        Assert.NotEmpty(_capture.LogRecords);
        var everything = _capture.AllText()
            .Concat([invalid.ToString(), invalid.RawBody ?? string.Empty, invalid.ErrorMessage ?? string.Empty, request.ToString(), updated.ToString()])
            .ToList();
        foreach (var pii in Pii)
        {
            var leak = everything.FirstOrDefault(text => text.Contains(pii, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{pii}' leaked in: {leak}");
        }

        // The PII did go to OMS, in the request body only.
        Assert.Contains(Pii[6], _oms.Requests("/customers/" + CustomerId).First().RequestMessage!.Body, StringComparison.Ordinal);
    }
}
