using System.Globalization;
using System.Net.Http.Headers;

namespace Oms.Sdk.Resilience;

/// <summary>Reads <c>Retry-After</c> (delta seconds or an HTTP date), clamped to a sane range.</summary>
/// <remarks>
/// Read from the raw header, not the typed one: the typed parser gives nothing for a delta past <see cref="int.MaxValue"/>
/// seconds, which would turn "wait a very long time" into "retry now". Any all-digit delta past a day, however long,
/// and any date more than a day ahead read as <see cref="Max"/>; a date in the past reads as zero; anything else
/// (a negative number, a fraction, text) is no answer at all.
/// </remarks>
internal static class RetryAfter
{
    /// <summary>Anything longer is treated as this: a server asking for more than a day is not asking for a retry.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    private static readonly long MaxSeconds = (long)Max.TotalSeconds;

    /// <summary>The HTTP-date forms of RFC 9110: IMF-fixdate, then the obsolete RFC 850 and asctime forms.</summary>
    private static readonly string[] HttpDateFormats = ["r", "dddd, dd'-'MMM'-'yy HH':'mm':'ss 'GMT'", "ddd MMM d HH':'mm':'ss yyyy"];

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (!headers.NonValidated.TryGetValues("Retry-After", out var values) || values.Count == 0)
        {
            return null;
        }

        var value = (values.Count == 1 ? values.ToString() : values.First()).AsSpan().Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (IsAllDigits(value))
        {
            // Past 18 digits a long would overflow; every such number is far past the clamp anyway.
            return value.Length > 18 || long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) >= MaxSeconds
                ? Max
                : TimeSpan.FromSeconds(long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return DateTimeOffset.TryParseExact(value, HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var date)
            ? Clamp(date - now)
            : null;
    }

    public static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Max ? Max : wait;

    private static bool IsAllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
