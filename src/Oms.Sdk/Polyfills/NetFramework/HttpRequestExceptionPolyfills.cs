using System.Net;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>
/// .NET Framework: <c>HttpRequestException.StatusCode</c> (.NET 5) and <c>HttpRequestError</c> (.NET 8) as C# 14
/// extension properties, read from what <see cref="OmsHttpRequestExceptions.Create"/> stored in the exception's Data.
/// </summary>
internal static class HttpRequestExceptionPolyfills
{
    internal const string StatusCodeKey = "Oms.Sdk.StatusCode";
    internal const string ErrorKey = "Oms.Sdk.HttpRequestError";

    extension(HttpRequestException exception)
    {
        /// <summary>The status code of the answer that failed, when there was one.</summary>
        public HttpStatusCode? StatusCode => exception.Data[StatusCodeKey] as HttpStatusCode?;

        /// <summary>What went wrong, when the SDK knows.</summary>
        public HttpRequestError HttpRequestError => exception.Data[ErrorKey] as HttpRequestError? ?? HttpRequestError.Unknown;
    }
}
