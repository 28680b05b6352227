using Refit;

namespace Oms.Sdk.Http;

/// <summary>The Refit settings every OMS Refit client uses: the source-generated JSON context, no reflection.</summary>
internal static class OmsRefitSettings
{
    public static RefitSettings Create() => new(OmsContentSerializer.Instance)
    {
        // Transport failures reach the customers client as they are (timeouts, connection failures, the SDK's own
        // exceptions from the auth handler), so it can map them to the SDK's exception types.
        TransportExceptionFactory = (_, exception, _) => exception,

        // Bodies are small: serialize them synchronously into one array (a ByteArrayContent with a Content-Length)
        // rather than through JsonContent's async serializer, which cost a create about 15 us.
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
    };
}
