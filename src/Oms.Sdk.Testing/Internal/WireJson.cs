using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// Writes every body the fake sends, in the shapes of the OMS contract (the public docs and CONTRIBUTING.md's rulings): the customer object, the list page,
/// the token, the error <c>{"error":{"code","message"}}</c> and the webhook envelope. Written by hand rather than with the
/// SDK's models, so that a mistake in those models shows up as a failing test instead of agreeing with itself.
/// </summary>
internal static class WireJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The error body; with <paramref name="details"/>, <c>error.details</c> lists each refused field and why.</summary>
    public static byte[] Error(string code, string message, IReadOnlyList<(string Field, string Message)>? details = null) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        if (details is { Count: > 0 })
        {
            writer.WriteStartArray("details");
            foreach (var (field, text) in details)
            {
                writer.WriteStartObject();
                writer.WriteString("field", field);
                writer.WriteString("message", text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static byte[] Token(string accessToken, TimeSpan lifetime, DateTimeOffset expiresAt) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("accessToken", accessToken);
        writer.WriteString("tokenType", "bearer");
        writer.WriteNumber("expiresIn", (long)lifetime.TotalSeconds);
        writer.WriteString("expiresAt", FormatInstant(expiresAt));
        writer.WriteEndObject();
    });

    public static byte[] Customer(StoredCustomer customer) => Write(writer => WriteCustomer(writer, customer));

    public static byte[] Page(IReadOnlyList<StoredCustomer> customers, bool hasMore, string? cursor) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var customer in customers)
        {
            WriteCustomer(writer, customer);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("hasMore", hasMore);
        writer.WriteString("cursor", cursor);
        writer.WriteEndObject();
    });

    /// <summary>The Standard Webhooks envelope the project ruled for: <c>{"type","timestamp","data"}</c>, data being the customer.</summary>
    /// <remarks>
    /// A grant names the endorsement it grants beside the envelope's type (<c>"endorsement": "usd"</c>), apart from the
    /// customer's endorsements in <c>data</c>, which are all it holds.
    /// </remarks>
    public static byte[] WebhookEnvelope(string type, DateTimeOffset timestamp, StoredCustomer customer, Endorsement endorsement) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("timestamp", FormatInstant(timestamp));
        writer.WriteString("endorsement", ServerNames.Endorsements.Name(endorsement));

        writer.WritePropertyName("data");
        WriteCustomer(writer, customer);
        writer.WriteEndObject();
    });

    /// <summary>
    /// A control route's answer to a grant or a rejection: the event's id and type, the customer after it (the
    /// envelope's <c>data</c>), and how each receiver took the delivery.
    /// </summary>
    public static byte[] ControlEvent(FakeOmsWebhookEvent sent) => Write(writer =>
    {
        using var envelope = JsonDocument.Parse(sent.Body);
        writer.WriteStartObject();
        writer.WriteString("webhookId", sent.Id);
        writer.WriteString("type", sent.Type);
        writer.WritePropertyName("customer");
        envelope.RootElement.GetProperty("data").WriteTo(writer);
        writer.WriteStartArray("deliveries");
        foreach (var delivery in sent.Deliveries)
        {
            writer.WriteStartObject();
            writer.WriteString("receiver", delivery.Receiver.ToString());
            writer.WriteBoolean("delivered", delivery.Delivered);
            if (delivery.StatusCode is { } status)
            {
                writer.WriteNumber("statusCode", (int)status);
            }
            else
            {
                writer.WriteNull("statusCode");
            }

            writer.WriteNumber("attempts", delivery.Attempts.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteCustomer(Utf8JsonWriter writer, StoredCustomer customer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", customer.Id);
        writer.WriteString("object", "customer");
        writer.WriteString("type", ServerNames.Individual);
        writer.WriteString("firstName", customer.Profile.FirstName);
        writer.WriteString("middleName", customer.Profile.MiddleName);
        writer.WriteString("lastName", customer.Profile.LastName);
        writer.WriteString("email", customer.Profile.Email);
        writer.WriteString("phone", customer.Profile.Phone);
        writer.WriteString("nationality", customer.Profile.Nationality);
        writer.WriteString("externalId", customer.Profile.ExternalId);
        writer.WriteString("status", ServerNames.CustomerStatuses.Name(customer.Status));
        writer.WriteBoolean("signedAgreement", customer.Profile.SignedAgreement);
        writer.WriteString("signedAgreementAt", customer.SignedAgreementAt is { } signedAt ? FormatInstant(signedAt) : null);
        writer.WriteStartArray("wallets");
        writer.WriteEndArray();
        writer.WriteStartArray("endorsements");
        foreach (var endorsement in customer.Endorsements)
        {
            writer.WriteStartObject();
            writer.WriteString("name", ServerNames.Endorsements.Name(endorsement.Name));
            writer.WriteString("status", ServerNames.EndorsementStatuses.Name(endorsement.Status));
            writer.WriteStartArray("rejectionReasons");
            foreach (var reason in endorsement.RejectionReasons)
            {
                // The reference's RejectionReason object; the fake gives the developer and the end user the same text.
                writer.WriteStartObject();
                writer.WriteString("developerReason", reason);
                writer.WriteString("reason", reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("requirements");
            foreach (var group in (ReadOnlySpan<string>)["complete", "pending", "missing", "issues"])
            {
                writer.WriteStartArray(group);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in customer.Profile.Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        foreach (var (name, rawJson) in customer.Profile.Extra)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(rawJson);
        }

        writer.WriteString("createdAt", FormatInstant(customer.CreatedAt));
        writer.WriteString("updatedAt", FormatInstant(customer.UpdatedAt));
        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
