using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>
/// The endorsement object is read by hand (for speed); these properties pin that it reads exactly what
/// System.Text.Json itself reads from the same JSON, with the SDK's options, for any mix of property-name case,
/// escapes, unknown properties, nulls, wrong types and lenient list items.
/// </summary>
public sealed class EndorsementReaderPropertyTests
{
    private static readonly JsonSerializerOptions Reference = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver(), AllowDuplicateProperties = false };

    private static readonly Gen<string> AnyValue = Gen.OneOf(
        Gen.Const("null"),
        Gen.Const("true"),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.String[0, 8].Select(Quote),
        Gen.Const("""{"a":[1,{"b":null}]}"""),
        Gen.Const("""["x",{"y":1},null,2]"""),
        Gen.Const("[]"),
        Gen.Const("{}"));

    private static readonly Gen<string> Lists = Gen.OneOf(
        Gen.OneOf(Gen.String[0, 6].Select(Quote), Gen.Const("""{"code":"id_front","at":1}"""), Gen.Const("7"), Gen.Const("null"), Gen.Const("[]"))
            .Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
        AnyValue);

    private static readonly Gen<string> Reasons = Gen.OneOf(
        Gen.OneOf(Gen.String[0, 6].Select(Quote), Gen.Const("""{"developerReason":"Document image unreadable","reason":"We could not read your ID."}"""),
                Gen.Const("""{"REASON":"Name mismatch"}"""), Gen.Const("""{"developerReason":"","reason":7}"""), Gen.Const("""{"code":"id_front","at":1}"""), Gen.Const("null"))
            .Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
        Lists);

    private static readonly Gen<string> Strings = Gen.OneOf(
        Gen.OneOf(Gen.Const("usd"), Gen.Const("cryptoCustody"), Gen.Const("approved"), Gen.Const("pending"), Gen.String[0, 10]).Select(Quote),
        Gen.Const("null"),
        AnyValue);

    private static readonly Gen<string> Requirements = Gen.OneOf(
        Members(("complete", Lists), ("pending", Lists), ("missing", Lists), ("issues", Lists), ("extra", AnyValue)),
        AnyValue);

    private static readonly Gen<string> Endorsements =
        Members(("name", Strings), ("status", Strings), ("rejectionReasons", Reasons), ("requirements", Requirements), ("newThing", AnyValue));

    [Fact]
    public void Reads_any_endorsement_object_as_the_serializer_does()
    {
        Endorsements.Sample(json =>
        {
            var expected = Outcome(() => FromReference(json));
            var actual = Outcome(() => FromSdk(json));

            Assert.True(expected == actual, $"JSON: {json}\nserializer: {expected}\nSDK:        {actual}");
        }, iter: 3000);
    }

    [Theory]
    [InlineData("""{"NAME":"usd","Status":"approved"}""", "usd|approved|[]|[];[];[];[]")]
    [InlineData("""{"\u006eame":"usd","st\u0061tus":"pending"}""", "usd|pending|[]|[];[];[];[]")]
    [InlineData("""{"ſtatus":"approved","name":"basic"}""", "basic||[]|[];[];[];[]")]
    [InlineData("""{"name":"usd","requirements":{"MISSING":["id_front",{"code":"selfie"}]}}""", """usd||[]|[];[];[id_front,{"code":"selfie"}];[]""")]
    [InlineData("""{"rejectionReasons":[{"developerReason":"Document image unreadable","reason":"We could not read your ID."},{"reason":"Name mismatch"},"plain"]}""", "||[Document image unreadable,Name mismatch,plain]|[];[];[];[]")]
    [InlineData("""{"rejectionReasons":[{"code":"x"}]}""", """||[{"code":"x"}]|[];[];[];[]""")]
    [InlineData("""{"name":"usd","name":"basic"}""", "JsonException")]
    [InlineData("""{"name":"usd","NAME":"basic"}""", "JsonException")]
    [InlineData("""{"name":"usd","requirements":{"missing":[],"missing":["x"]}}""", "JsonException")]
    [InlineData("""{"name":5}""", "JsonException")]
    [InlineData("""{"requirements":[]}""", "JsonException")]
    public void Reads_the_edge_cases_as_the_serializer_does(string json, string expected)
    {
        Assert.Equal(expected, Outcome(() => FromReference(json)));
        Assert.Equal(expected, Outcome(() => FromSdk(json)));
    }

    private static Gen<string> Members(params (string Name, Gen<string> Value)[] members) =>
        Gen.OneOf(members.Select(m => Gen.Select(NameSpelling(m.Name), m.Value, (name, value) => name + ":" + value)).ToArray())
            .Array[0, 7]
            .Select(pairs => "{" + string.Join(",", pairs) + "}");

    /// <summary>The name as sent: exact, in another case, with an escaped letter, a non-ASCII look-alike (long s), or a longer name.</summary>
    private static Gen<string> NameSpelling(string name) => Gen.OneOf(
        Gen.Const(Quote(name)),
        Gen.Const(Quote(name.ToUpperInvariant())),
        Gen.Bool.Array[name.Length].Select(upper => Quote(new string([.. name.Select((c, i) => upper[i] ? char.ToUpperInvariant(c) : c)]))),
        Gen.Const("\"\\u" + ((int)name[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + name[1..] + "\""),
        Gen.Const(Quote(name.Replace('s', 'ſ'))),
        Gen.Const(Quote(name + "x")));

    private static string Quote(string value) => JsonSerializer.Serialize(value, Reference);

    private static string FromSdk(string json)
    {
        var customer = JsonSerializer.Deserialize("{\"endorsements\":[" + json + "]}", CustomerReader.TypeInfo)!;
        var e = Assert.Single(customer.Endorsements);
        return Describe(e.RawName, e.RawStatus, e.RejectionReasons, e.Requirements.Complete, e.Requirements.Pending, e.Requirements.Missing, e.Requirements.Issues);
    }

    private static string FromReference(string json)
    {
        var e = JsonSerializer.Deserialize<ReferenceEndorsement>(json, Reference)!;
        var r = e.Requirements;
        return Describe(e.Name, e.Status, e.RejectionReasons, r?.Complete, r?.Pending, r?.Missing, r?.Issues);
    }

    private static string Describe(string? name, string? status, params IReadOnlyList<string>?[] lists) =>
        $"{name}|{status}|{List(lists[0])}|{string.Join(";", lists.Skip(1).Select(List))}";

    private static string List(IReadOnlyList<string>? items) => "[" + string.Join(",", items ?? []) + "]";

    private static string Outcome(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (JsonException)
        {
            return nameof(JsonException);
        }
    }

    /// <summary>The endorsement as plain settable properties, read by the serializer with the SDK's list converter.</summary>
    private sealed class ReferenceEndorsement
    {
        public string? Name { get; set; }

        public string? Status { get; set; }

        [JsonConverter(typeof(RejectionReasonListConverter))]
        public IReadOnlyList<string>? RejectionReasons { get; set; }

        public ReferenceRequirements? Requirements { get; set; }
    }

    private sealed class ReferenceRequirements
    {
        [JsonConverter(typeof(LenientStringListConverter))]
        public IReadOnlyList<string>? Complete { get; set; }

        [JsonConverter(typeof(LenientStringListConverter))]
        public IReadOnlyList<string>? Pending { get; set; }

        [JsonConverter(typeof(LenientStringListConverter))]
        public IReadOnlyList<string>? Missing { get; set; }

        [JsonConverter(typeof(LenientStringListConverter))]
        public IReadOnlyList<string>? Issues { get; set; }
    }
}
