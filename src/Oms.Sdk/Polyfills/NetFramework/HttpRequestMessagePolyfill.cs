namespace System.Net.Http;

/// <summary>.NET Framework: <c>request.Options</c> (a C# 14 extension property) over <see cref="HttpRequestMessage.Properties"/>.</summary>
internal static class HttpRequestMessagePolyfill
{
    extension(HttpRequestMessage request)
    {
        /// <summary>The request's typed options, stored in <see cref="HttpRequestMessage.Properties"/>.</summary>
        public HttpRequestOptions Options => new(request.Properties!);
    }
}
