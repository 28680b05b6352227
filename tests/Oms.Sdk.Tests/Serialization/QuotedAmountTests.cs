using System.Text;
using System.Text.Json;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>
/// A quoted amount is parsed in place (<c>JsonRead.Amount</c>) instead of through the serializer: it must give the very
/// decimal the serializer gives (value, scale and sign bits alike) and refuse what the serializer refuses.
/// </summary>
public sealed class QuotedAmountTests
{
    [Theory]
    [InlineData("1234.56")]
    [InlineData("-1234.5600")]
    [InlineData("-0")]
    [InlineData("0e0")]
    [InlineData("1e3")]
    [InlineData("1E+2")]
    [InlineData("1.e5")]
    [InlineData("1e-30")]
    [InlineData("1e-400")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("1.23456789012345678901234567895")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1E400")]
    [InlineData("00012")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("+1")]
    [InlineData("+-1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1\u00a0")]
    [InlineData("0x10")]
    [InlineData("1,000")]
    [InlineData("1_0")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("\u0661\u0662")]
    [InlineData("\\u0031\\u0032")]
    public void A_quoted_amount_reads_as_the_serializer_reads_it(string quoted)
    {
        var json = "\"" + quoted + "\"";

        Assert.Equal(Read(() => JsonSerializer.Deserialize(json, OmsJsonContext.Default.NullableDecimal)), Read(() => ReadAmount(json)));
    }

    private static decimal? ReadAmount(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonRead.Amount(ref reader);
    }

    /// <summary>The decimal's four bits (so the scale and the sign of a zero count), or the failure.</summary>
    private static string Read(Func<decimal?> read)
    {
        try
        {
            return read() is { } amount ? string.Join(",", decimal.GetBits(amount)) : "null";
        }
        catch (JsonException)
        {
            return nameof(JsonException);
        }
    }
}
