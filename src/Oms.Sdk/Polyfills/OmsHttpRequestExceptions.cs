using System.Net;

namespace Oms.Sdk.Polyfills;

/// <summary>
/// Makes an <see cref="HttpRequestException"/> that carries a status code and an <see cref="HttpRequestError"/> on every
/// target: .NET 8+ has the constructor; on .NET Framework both go into the exception's Data, where the extension
/// properties of <c>NetFramework/HttpRequestExceptionPolyfills.cs</c> read them back.
/// </summary>
internal static class OmsHttpRequestExceptions
{
    /// <summary>A new exception with <paramref name="message"/>, <paramref name="inner"/>, <paramref name="error"/> and <paramref name="statusCode"/>.</summary>
    public static HttpRequestException Create(string message, Exception? inner = null, HttpStatusCode? statusCode = null, HttpRequestError error = HttpRequestError.Unknown)
    {
#if NETFRAMEWORK
        var exception = new HttpRequestException(message, inner);
        if (statusCode is { } status)
        {
            exception.Data[NetFramework.HttpRequestExceptionPolyfills.StatusCodeKey] = status;
        }

        exception.Data[NetFramework.HttpRequestExceptionPolyfills.ErrorKey] = error;
        return exception;
#else
        return new HttpRequestException(error, message, inner, statusCode);
#endif
    }
}
