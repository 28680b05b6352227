using System.Text.Json;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Control;

/// <summary>The JSON body of a control request (empty means <c>{}</c>), read leniently by name; a wrong type is a clear 400.</summary>
internal sealed class ControlBody : IDisposable
{
    private readonly JsonDocument? _document;

    private ControlBody(JsonDocument? document) => _document = document;

    public static ControlBody Read(byte[] body)
    {
        if (body.Length == 0)
        {
            return new ControlBody(null);
        }

        var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new ArgumentException("A control request's body is a JSON object.");
        }

        return new ControlBody(document);
    }

    /// <summary>An endorsement as OMS spells it: <c>basic</c>, <c>cryptoCustody</c> or <c>usd</c>.</summary>
    public static Endorsement Endorsement(string name) =>
        ServerNames.Endorsements.TryParse(name, out var endorsement)
            ? endorsement
            : throw new ArgumentException($"Unknown endorsement \"{name}\": use {ServerNames.Endorsements.Listed}.");

    public string? OptionalString(string name) => Property(name) is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"\"{name}\" must be a string.")
        : null;

    public string RequiredString(string name) => OptionalString(name) ?? throw new ArgumentException($"The body needs \"{name}\".");

    public int? OptionalInt(string name) => Property(name) is { } value
        ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw new ArgumentException($"\"{name}\" must be a whole number.")
        : null;

    public double? OptionalDouble(string name) => Property(name) is { } value
        ? value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new ArgumentException($"\"{name}\" must be a number.")
        : null;

    public IReadOnlyList<string>? OptionalStrings(string name) => Property(name) is { } value
        ? value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : throw new ArgumentException($"\"{name}\" must be an array of strings.")
        : null;

    public Uri RequiredUrl(string name) =>
        Uri.TryCreate(RequiredString(name), UriKind.Absolute, out var url) ? url : throw new ArgumentException($"\"{name}\" must be an absolute URL.");

    public void Dispose() => _document?.Dispose();

    private JsonElement? Property(string name) =>
        _document is not null && _document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
