namespace System.Net.Http;

/// <summary>.NET Framework: what went wrong in an HTTP request, as .NET 8's <c>HttpRequestError</c> (same names and values).</summary>
internal enum HttpRequestError
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>The host name did not resolve.</summary>
    NameResolutionError,

    /// <summary>No connection could be made.</summary>
    ConnectionError,

    /// <summary>TLS failed.</summary>
    SecureConnectionError,

    /// <summary>An HTTP/2 or HTTP/3 protocol error.</summary>
    HttpProtocolError,

    /// <summary>Extended CONNECT is not supported.</summary>
    ExtendedConnectNotSupported,

    /// <summary>No HTTP version could be agreed.</summary>
    VersionNegotiationError,

    /// <summary>HTTP authentication failed.</summary>
    UserAuthenticationError,

    /// <summary>The proxy tunnel failed.</summary>
    ProxyTunnelError,

    /// <summary>The answer was not valid HTTP.</summary>
    InvalidResponse,

    /// <summary>The connection closed before the whole answer arrived.</summary>
    ResponseEnded,

    /// <summary>A configured limit was exceeded.</summary>
    ConfigurationLimitExceeded,
}
