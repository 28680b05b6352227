using System.Text.Json;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// The wire envelope (project ruling, Standard Webhooks' recommended shape):
/// <c>{"type": "customer.endorsement.granted", "timestamp": "2026-01-15T10:30:00Z", "data": {…}}</c>, with
/// <c>createdAt</c> read where <c>timestamp</c> is absent and an <c>id</c> kept when sent. The instants are read leniently
/// (a value that is not an ISO 8601 string is passed over), so an odd timestamp never loses an authentic event.
/// </summary>
internal sealed record OmsWebhookEnvelope
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public JsonElement Timestamp { get; init; }

    public JsonElement CreatedAt { get; init; }

    public JsonElement Data { get; init; }

    /// <summary>The endorsement a <c>customer.endorsement.granted</c> event grants, when the sender names it.</summary>
    public JsonElement Endorsement { get; init; }
}

/// <summary>Turns a verified body into its typed event. Runs only after the signature has been checked.</summary>
internal static class OmsWebhookEventParser
{
    public static OmsWebhookEvent Parse(ReadOnlySpan<byte> body, string webhookId, DateTimeOffset signedAt)
    {
        var envelope = ReadEnvelope(body);
        if (string.IsNullOrEmpty(envelope.Type))
        {
            throw new OmsWebhookPayloadException(
                $"The webhook delivery {webhookId} is authentic, but its envelope has no \"type\" string; expected {{\"type\": …, \"timestamp\": …, \"data\": {{…}}}}.");
        }

        var timestamp = ReadInstant(envelope.Timestamp) ?? ReadInstant(envelope.CreatedAt) ?? signedAt;
        return envelope.Type switch
        {
            CustomerEndorsementGrantedEvent.EventType => new CustomerEndorsementGrantedEvent
            {
                WebhookId = webhookId, Type = envelope.Type, Timestamp = timestamp, Id = envelope.Id,
                Customer = ReadCustomer(envelope, webhookId),
                GrantedEndorsementName = ReadName(envelope.Endorsement),
                GrantedEndorsement = ReadName(envelope.Endorsement) is { } name ? WireNames.ParseEndorsement(name) : null,
            },
            _ when envelope.Type.StartsWith(CustomerEvent.TypePrefix, StringComparison.Ordinal) => new CustomerEvent
            {
                WebhookId = webhookId, Type = envelope.Type, Timestamp = timestamp, Id = envelope.Id,
                Customer = ReadCustomer(envelope, webhookId),
            },
            _ => new UnknownOmsEvent
            {
                WebhookId = webhookId, Type = envelope.Type, Timestamp = timestamp, Id = envelope.Id,
                Data = envelope.Data,
            },
        };
    }

    private static OmsWebhookEnvelope ReadEnvelope(ReadOnlySpan<byte> body)
    {
        try
        {
            // The envelope's JsonElement members are copies that outlive the reader, as UnknownOmsEvent.Data must.
            return JsonSerializer.Deserialize(body, OmsJsonContext.Default.OmsWebhookEnvelope)
                ?? throw new OmsWebhookPayloadException("The webhook delivery is authentic, but its body is JSON null, not an event envelope object.");
        }
        catch (JsonException e)
        {
            throw new OmsWebhookPayloadException(
                "The webhook delivery is authentic, but its body is not an OMS event envelope (a JSON object with \"type\" and \"data\"): " + Where(e));
        }
    }

    private static Customer ReadCustomer(OmsWebhookEnvelope envelope, string webhookId)
    {
        if (envelope.Data.ValueKind != JsonValueKind.Object)
        {
            throw new OmsWebhookPayloadException(
                $"The webhook delivery {webhookId} is authentic, but its {envelope.Type} event has no customer object in \"data\".");
        }

        try
        {
            return envelope.Data.Deserialize(CustomerReader.TypeInfo)
                ?? throw new OmsWebhookPayloadException($"The {envelope.Type} event of delivery {webhookId} has a null customer.");
        }
        catch (JsonException e)
        {
            throw new OmsWebhookPayloadException(
                $"The webhook delivery {webhookId} is authentic, but the customer in its {envelope.Type} event could not be read: {Where(e)}");
        }
    }

    /// <summary>
    /// Where the parser stopped, never what it read: the JSON exception's message quotes body text (a customer's PII, say),
    /// so neither it nor the exception itself goes into the payload exception, its <c>ToString()</c> or the endpoint's log.
    /// </summary>
    private static string Where(JsonException e)
    {
        var what = e.InnerException is not null ? "not well-formed UTF-8 JSON" : "JSON of the wrong shape (a value of the wrong type, or a property given twice)";
        var line = e.LineNumber is { } l ? $" at line {l + 1}" + (e.BytePositionInLine is { } b ? $", byte {b + 1}" : string.Empty) : string.Empty;
        var path = string.IsNullOrEmpty(e.Path) ? string.Empty : $" (JSON path {Errors.OmsRedactor.Sanitize(e.Path, 128)})";
        return what + line + path + ".";
    }

    /// <summary>A non-empty string, read leniently like the instants: anything else is passed over.</summary>
    private static string? ReadName(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } name ? name : null;

    private static DateTimeOffset? ReadInstant(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var instant) ? instant : null;
}
