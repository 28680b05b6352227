using System.Text.Json.Serialization;

namespace Oms.Sdk.Tool.Fake;

/// <summary>What <c>oms fake --json</c> prints: where the fake is and the credentials it accepts (its own, made up).</summary>
internal sealed record FakeOmsAddresses(string BaseAddress, string ApiKey, string ApiSecret, string WebhookSecret, string ControlAddress, string? WebhookUrl);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FakeOmsAddresses))]
internal sealed partial class FakeOmsJsonContext : JsonSerializerContext;
