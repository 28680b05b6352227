using System.Net;

namespace Oms.Sdk.Polyfills;

/// <summary>
/// The statuses the SDK names that <see cref="HttpStatusCode"/> does not name on .NET Framework (added in .NET 5), as
/// constants usable in patterns on every target.
/// </summary>
internal static class OmsHttpStatus
{
    /// <summary>422 Unprocessable Entity (Content).</summary>
    public const HttpStatusCode UnprocessableEntity = (HttpStatusCode)422;

    /// <summary>429 Too Many Requests.</summary>
    public const HttpStatusCode TooManyRequests = (HttpStatusCode)429;
}
