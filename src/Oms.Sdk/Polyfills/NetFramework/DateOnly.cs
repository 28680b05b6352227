using System.Globalization;
using System.Text.Json.Serialization;

namespace System;

/// <summary>
/// A calendar date without a time of day, for .NET Framework, which has no <c>System.DateOnly</c> (.NET 6+). Oms.Sdk's
/// .NET Framework build carries this subset of it so that <c>BirthDate = new DateOnly(1990, 5, 15)</c> compiles and
/// means the same on every target; on .NET 8 and later the SDK uses the framework's own type and this one is not there.
/// </summary>
/// <remarks>Written to and read from JSON as <c>yyyy-MM-dd</c>, as System.Text.Json does with the framework's type.</remarks>
[JsonConverter(typeof(Oms.Sdk.Polyfills.NetFramework.DateOnlyJsonConverter))]
public readonly struct DateOnly : IComparable<DateOnly>, IEquatable<DateOnly>, IComparable, IFormattable
{
    private const string IsoFormat = "yyyy-MM-dd";
    private readonly int _dayNumber;

    /// <summary>The date <paramref name="year"/>-<paramref name="month"/>-<paramref name="day"/> (Gregorian calendar).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The three do not make a date between 0001-01-01 and 9999-12-31.</exception>
    public DateOnly(int year, int month, int day) => _dayNumber = (int)(new DateTime(year, month, day).Ticks / TimeSpan.TicksPerDay);

    private DateOnly(int dayNumber) => _dayNumber = dayNumber;

    /// <summary>0001-01-01.</summary>
    public static DateOnly MinValue => new(0);

    /// <summary>9999-12-31.</summary>
    public static DateOnly MaxValue => new((int)(DateTime.MaxValue.Ticks / TimeSpan.TicksPerDay));

    /// <summary>The number of days since 0001-01-01.</summary>
    public int DayNumber => _dayNumber;

    /// <summary>The year (1 to 9999).</summary>
    public int Year => AsDateTime.Year;

    /// <summary>The month (1 to 12).</summary>
    public int Month => AsDateTime.Month;

    /// <summary>The day of the month (1 to 31).</summary>
    public int Day => AsDateTime.Day;

    /// <summary>The day of the week.</summary>
    public DayOfWeek DayOfWeek => AsDateTime.DayOfWeek;

    /// <summary>The day of the year (1 to 366).</summary>
    public int DayOfYear => AsDateTime.DayOfYear;

    private DateTime AsDateTime => new(_dayNumber * TimeSpan.TicksPerDay);

    /// <summary>The date <paramref name="dayNumber"/> days after 0001-01-01.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Before <see cref="MinValue"/> or after <see cref="MaxValue"/>.</exception>
    public static DateOnly FromDayNumber(int dayNumber) =>
        dayNumber < 0 || dayNumber > MaxValue._dayNumber
            ? throw new ArgumentOutOfRangeException(nameof(dayNumber), dayNumber, "The day number must lie between those of DateOnly.MinValue and DateOnly.MaxValue.")
            : new DateOnly(dayNumber);

    /// <summary>The date part of <paramref name="dateTime"/>.</summary>
    public static DateOnly FromDateTime(DateTime dateTime) => new((int)(dateTime.Ticks / TimeSpan.TicksPerDay));

    /// <summary>Reads <paramref name="s"/> in exactly <paramref name="format"/> (invariant culture).</summary>
    /// <exception cref="FormatException"><paramref name="s"/> is not a date in that format.</exception>
    public static DateOnly ParseExact(string s, string format) => ParseExact(s, format, CultureInfo.InvariantCulture);

    /// <summary>Reads <paramref name="s"/> in exactly <paramref name="format"/>.</summary>
    /// <exception cref="FormatException"><paramref name="s"/> is not a date in that format.</exception>
    public static DateOnly ParseExact(string s, string format, IFormatProvider? provider, DateTimeStyles style = DateTimeStyles.None) =>
        TryParseExact(s, format, provider, style, out var date)
            ? date
            : throw new FormatException($"\"{s}\" is not a date in the format \"{format}\".");

    /// <summary>Reads <paramref name="s"/> in exactly <paramref name="format"/> (invariant culture).</summary>
    public static bool TryParseExact(string? s, string? format, out DateOnly result) =>
        TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out result);

    /// <summary>Reads <paramref name="s"/> in exactly <paramref name="format"/>; a time of day in it is refused.</summary>
    public static bool TryParseExact(string? s, string? format, IFormatProvider? provider, DateTimeStyles style, out DateOnly result)
    {
        if (s is not null && format is not null
            && DateTime.TryParseExact(s, format, provider, style, out var parsed) && parsed.TimeOfDay == TimeSpan.Zero)
        {
            result = FromDateTime(parsed);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>This date <paramref name="value"/> days later (earlier when negative).</summary>
    public DateOnly AddDays(int value) => FromDayNumber(checked(_dayNumber + value));

    /// <summary>This date <paramref name="value"/> months later, the day clamped to the month's length.</summary>
    public DateOnly AddMonths(int value) => FromDateTime(AsDateTime.AddMonths(value));

    /// <summary>This date <paramref name="value"/> years later, 29 February becoming 28 February in a common year.</summary>
    public DateOnly AddYears(int value) => FromDateTime(AsDateTime.AddYears(value));

    /// <summary>Compares by date.</summary>
    public int CompareTo(DateOnly value) => _dayNumber.CompareTo(value._dayNumber);

    /// <summary>Compares by date; <see langword="null"/> sorts first.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a <see cref="DateOnly"/>.</exception>
    public int CompareTo(object? value) => value switch
    {
        null => 1,
        DateOnly date => CompareTo(date),
        _ => throw new ArgumentException("The value is not a DateOnly.", nameof(value)),
    };

    /// <summary>Whether both are the same date.</summary>
    public bool Equals(DateOnly other) => _dayNumber == other._dayNumber;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DateOnly other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _dayNumber;

    /// <summary>The date in the current culture's short date format, as the framework's type writes it.</summary>
    public override string ToString() => ToString("d", CultureInfo.CurrentCulture);

    /// <summary>The date in <paramref name="format"/> (current culture).</summary>
    public string ToString(string? format) => ToString(format, CultureInfo.CurrentCulture);

    /// <summary>The date in the short date format of <paramref name="provider"/>.</summary>
    public string ToString(IFormatProvider? provider) => ToString("d", provider);

    /// <summary>The date in <paramref name="format"/> (<c>o</c> and <c>O</c>: <c>yyyy-MM-dd</c>).</summary>
    public string ToString(string? format, IFormatProvider? provider) =>
        format is "o" or "O" ? AsDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture) : AsDateTime.ToString(string.IsNullOrEmpty(format) ? "d" : format, provider);

    /// <summary>Whether both are the same date.</summary>
    public static bool operator ==(DateOnly left, DateOnly right) => left.Equals(right);

    /// <summary>Whether the dates differ.</summary>
    public static bool operator !=(DateOnly left, DateOnly right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is earlier.</summary>
    public static bool operator <(DateOnly left, DateOnly right) => left._dayNumber < right._dayNumber;

    /// <summary>Whether <paramref name="left"/> is later.</summary>
    public static bool operator >(DateOnly left, DateOnly right) => left._dayNumber > right._dayNumber;

    /// <summary>Whether <paramref name="left"/> is the same date or earlier.</summary>
    public static bool operator <=(DateOnly left, DateOnly right) => left._dayNumber <= right._dayNumber;

    /// <summary>Whether <paramref name="left"/> is the same date or later.</summary>
    public static bool operator >=(DateOnly left, DateOnly right) => left._dayNumber >= right._dayNumber;
}
