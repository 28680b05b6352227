using Oms.Sdk.Serialization;
using Refit;

namespace Oms.Sdk.Http;

/// <summary>The Refit settings every OMS Refit client uses: the source-generated JSON context, no reflection.</summary>
internal static class OmsRefitSettings
{
    public static RefitSettings Create() => new(new SystemTextJsonContentSerializer(OmsJsonContext.Default.Options));
}
