using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>.NET Framework: <see cref="DateOnly"/> as a JSON string <c>yyyy-MM-dd</c>, as System.Text.Json writes the framework's type.</summary>
internal sealed class DateOnlyJsonConverter : JsonConverter<DateOnly>
{
    private const string Format = "yyyy-MM-dd";

    /// <inheritdoc />
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException("A date must be a JSON string in the form yyyy-MM-dd.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
