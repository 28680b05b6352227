using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Benchmarks.Contenders.Generated.NSwag;

/// <summary>
/// The hand-written half of NSwag's generated client (the generated half is <c>NSwagOmsClient.g.cs</c>), filling the
/// partial methods NSwag leaves for it: the bearer header on every request once a token is held, and the serializer
/// settings. Kept out of the generated file so that <c>regenerate.sh</c> leaves it alone.
/// </summary>
internal partial class NSwagOmsClient
{
    /// <summary>The access token from <see cref="IssueTokenAsync"/>; null until then, so the exchange itself goes without.</summary>
    public string? BearerToken { get; set; }

    // The contract says unset optional fields are omitted, not sent as null: what an NSwag user sets for that API.
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
