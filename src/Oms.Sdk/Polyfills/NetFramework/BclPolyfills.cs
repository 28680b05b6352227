using System.Collections.ObjectModel;
using System.Globalization;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>
/// .NET Framework: members of .NET Core and .NET 5 to 8 the SDK uses, as C# 14 extension members, so the code that uses
/// them is the same on every target. Each does what the .NET member does (tests/Oms.Sdk.NetFramework.Tests/ShimTests.cs).
/// </summary>
internal static class BclPolyfills
{
    extension(Task)
    {
        /// <summary>A task that completes after <paramref name="delay"/> on <paramref name="timeProvider"/>'s clock (Microsoft.Bcl.TimeProvider's).</summary>
        public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            TimeProviderTaskExtensions.Delay(timeProvider, delay, cancellationToken);
    }

    extension(ReadOnlySpan<char> span)
    {
        /// <summary>Whether <paramref name="span"/> holds any of the characters of <paramref name="values"/>.</summary>
        public bool ContainsAny(ReadOnlySpan<char> values) => span.IndexOfAny(values) >= 0;
    }

    extension(double)
    {
        /// <summary>Whether <paramref name="d"/> is neither infinite nor NaN.</summary>
        public static bool IsFinite(double d) => !double.IsNaN(d) && !double.IsInfinity(d);
    }

    extension(TimeSpan)
    {
        /// <summary><paramref name="timeSpan"/> divided by <paramref name="divisor"/>.</summary>
        public static TimeSpan operator /(TimeSpan timeSpan, double divisor) =>
            double.IsNaN(divisor)
                ? throw new ArgumentException("The divisor cannot be NaN.", nameof(divisor))
                : TimeSpan.FromTicks((long)Math.Round(timeSpan.Ticks / divisor));
    }

    extension(Array)
    {
        /// <summary>The largest number of elements an array may hold (as .NET's <c>Array.MaxLength</c>).</summary>
        public static int MaxLength => 0x7FFFFFC7;
    }

    extension(ValueTask)
    {
        /// <summary>A completed <see cref="ValueTask{TResult}"/> with <paramref name="result"/>.</summary>
        public static ValueTask<TResult> FromResult<TResult>(TResult result) => new(result);
    }

    extension<T>(ReadOnlyCollection<T>)
    {
        /// <summary>An empty read-only collection.</summary>
        public static ReadOnlyCollection<T> Empty => EmptyCollection<T>.Instance;
    }

    extension(long)
    {
        /// <summary>Parses <paramref name="s"/> as <see cref="long.Parse(string, NumberStyles, IFormatProvider)"/> does.</summary>
        public static long Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => long.Parse(s.ToString(), style, provider);
    }

    extension(DateTimeOffset)
    {
        /// <summary>Parses <paramref name="input"/> in one of <paramref name="formats"/>, as the string overload does.</summary>
        public static bool TryParseExact(ReadOnlySpan<char> input, string[] formats, IFormatProvider? formatProvider, DateTimeStyles styles, out DateTimeOffset result) =>
            DateTimeOffset.TryParseExact(input.ToString(), formats, formatProvider, styles, out result);
    }

    extension(string text)
    {
        /// <summary>The characters of <paramref name="range"/> of the string.</summary>
        public ReadOnlySpan<char> AsSpan(Range range)
        {
            var (offset, length) = range.GetOffsetAndLength(text.Length);
            return text.AsSpan(offset, length);
        }

        /// <summary>The Unicode scalar values of the string (an unpaired surrogate reads as U+FFFD, as on .NET).</summary>
        public IEnumerable<System.Text.Rune> EnumerateRunes()
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    yield return new System.Text.Rune(char.ConvertToUtf32(text[i], text[i + 1]));
                    i++;
                }
                else
                {
                    yield return new System.Text.Rune(char.IsSurrogate(text[i]) ? 0xFFFD : text[i]);
                }
            }
        }
    }

    extension(Stream stream)
    {
        /// <summary>
        /// <c>await using (stream.ConfigureAwait(false))</c> as on .NET Core 3+, where <see cref="Stream"/> is
        /// <see cref="IAsyncDisposable"/>: .NET Framework's stream disposes synchronously, so this completes at once.
        /// </summary>
        public System.Runtime.CompilerServices.ConfiguredAsyncDisposable ConfigureAwait(bool continueOnCapturedContext) =>
            TaskAsyncEnumerableExtensions.ConfigureAwait(new SyncDisposable(stream), continueOnCapturedContext);
    }

    private static class EmptyCollection<T>
    {
        public static readonly ReadOnlyCollection<T> Instance = new([]);
    }

    private sealed class SyncDisposable(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return default;
        }
    }
}
