using System.Net;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>Status codes that <see cref="HttpStatusCode"/> names on .NET but not on .NET Framework, for tests run on both.</summary>
internal static class HttpStatus
{
    public const HttpStatusCode UnprocessableEntity = (HttpStatusCode)422;

    public const HttpStatusCode TooManyRequests = (HttpStatusCode)429;
}
