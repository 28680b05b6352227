using System.Net.Http.Headers;

namespace Oms.Sdk;

/// <summary>Reads <c>Retry-After</c> (delta seconds or an HTTP date), clamped to a sane range.</summary>
internal static class RetryAfter
{
    /// <summary>Anything longer is treated as this: a server asking for more than a day is not asking for a retry.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value is null)
        {
            return null;
        }

        var wait = value.Delta ?? (value.Date is { } date ? date - now : null);
        return wait is { } w ? Clamp(w) : null;
    }

    public static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Max ? Max : wait;
}
