using System.Text.Json;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// An event of a type this SDK does not model (for example <c>transaction.fiatToCrypto.completed</c> or
/// <c>wallet.depositDetected</c>), kept with its raw <c>data</c> so nothing is lost.
/// </summary>
public sealed record UnknownOmsEvent : OmsWebhookEvent
{
    /// <summary>
    /// The envelope's <c>data</c> as raw JSON, independent of the parsed body (safe to keep). Its
    /// <see cref="JsonElement.ValueKind"/> is <see cref="JsonValueKind.Undefined"/> when the envelope had no <c>data</c>.
    /// </summary>
    public JsonElement Data { get; init; }
}
