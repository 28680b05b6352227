using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Auth;

namespace Oms.Sdk.Serialization;

/// <summary>
/// The one source-generated JSON context for every OMS wire type: camelCase names, unknown fields
/// ignored, nulls not written (an update writes its own, see <see cref="UpdateCustomerRequestConverter"/>), enums in their exact wire spelling, decimals exact. Responses are read into the
/// settable wire types of <c>WireModels.cs</c>, then mapped to the public records.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    // A body that says two things about one property (two "id"s) must not let the parser choose: refused (issue #11).
    AllowDuplicateProperties = false,
    Converters = [typeof(EndorsementConverter), typeof(CustomerTypeConverter), typeof(IdentifyingDocumentTypeConverter), typeof(UpdateCustomerRequestConverter), typeof(CreateCustomerRequestConverter)])]
[JsonSerializable(typeof(CustomerWire))]
[JsonSerializable(typeof(CustomerPageWire))]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(UpdateCustomerRequest))]
[JsonSerializable(typeof(IReadOnlyList<IdentifyingDocument>))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(Webhooks.OmsWebhookEnvelope))]
internal sealed partial class OmsJsonContext : JsonSerializerContext;
