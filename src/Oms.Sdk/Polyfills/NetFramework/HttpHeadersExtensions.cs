using System.Net.Http.Headers;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>.NET Framework: <c>headers.NonValidated</c> (a C# 14 extension property).</summary>
internal static class HttpHeadersExtensions
{
    extension(HttpHeaders headers)
    {
        /// <summary>The headers as strings.</summary>
        public HttpHeadersNonValidated NonValidated => new(headers);
    }
}
