using System.Globalization;
using System.Text.Json;
using CsCheck;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>
/// Customers and pages are read by hand (<see cref="CustomerReader"/>, <see cref="CustomerPageReader"/>, for speed);
/// these properties pin that they read exactly what the source-generated reading of the wire types followed by their
/// mapping reads from the same JSON: any mix of property-name case, escapes, unknown properties, repeats, nulls,
/// wrong types, amounts as numbers or strings, instants valid or not, wallets and metadata of any shape.
/// </summary>
public sealed class CustomerReaderPropertyTests
{
    private static readonly Gen<string> AnyValue = Gen.OneOf(
        Gen.Const("null"),
        Gen.Const("true"),
        Gen.Const("false"),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.String[0, 8].Select(Quote),
        Gen.Const("""{"a":[1,{"b":null}]}"""),
        Gen.Const("""["x",{"y":1},null,2]"""),
        Gen.Const("[]"),
        Gen.Const("{}"));

    private static readonly Gen<string> Strings = Gen.OneOf(
        Gen.OneOf(Gen.Const("cst_1"), Gen.Const("active"), Gen.Const("individual"), Gen.Const("caf\u00e9"), Gen.Const("a\"b\\c\u0001"), Gen.String[0, 10]).Select(Quote),
        Gen.Const("\"\\u0041\\n\""),
        AnyValue);

    private static readonly Gen<string> Instants = Gen.OneOf(
        Gen.OneOf(
            Gen.Const("2026-03-20T14:15:22Z"),
            Gen.Const("2026-03-20T14:15:22.1234567+02:00"),
            Gen.Const("2026-03-20"),
            Gen.Const("2026-03-20T14:15"),
            Gen.Const("2026-02-30T00:00:00Z"),
            Gen.Const("20 March 2026"),
            Gen.Const("")).Select(Quote),
        Gen.Const("\"2026-03-20T14:15:22\\u005A\""),
        AnyValue);

    private static readonly Gen<string> Amounts = Gen.OneOf(
        Gen.OneOf(
            Gen.Const("1234.56"),
            Gen.Const("-0.5"),
            Gen.Const("1e3"),
            Gen.Const("79228162514264337593543950335"),
            Gen.Const("79228162514264337593543950336"),
            Gen.Const("0.000000000000000000000000000001")).SelectMany(n => Gen.OneOf(Gen.Const(n), Gen.Const(Quote(n)))),
        Gen.OneOf(Gen.Const(" 1"), Gen.Const("+1"), Gen.Const("01"), Gen.Const("1."), Gen.Const(".5"), Gen.Const("NaN"), Gen.Const("1,5"), Gen.Const("")).Select(Quote),
        Gen.Const("\"1\\u0032\""),
        AnyValue);

    private static readonly Gen<string> Wallet = Members(
        ("id", Strings), ("type", Strings), ("address", Strings), ("network", Strings), ("asset", Strings),
        ("balance", Amounts), ("estimatedValueUsd", Amounts), ("createdAt", Instants), ("extra", AnyValue));

    private static readonly Gen<string> Wallets = Gen.OneOf(
        Gen.OneOf(Wallet, Gen.Const("null"), Gen.Const("7")).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]"),
        AnyValue);

    private static readonly Gen<string> Metadata = Gen.OneOf(
        Gen.Select(Gen.OneOf(Gen.Const("plan"), Gen.Const("Plan"), Gen.Const("tier"), Gen.Const("p\u00e9")), Gen.OneOf(Strings, Gen.Const("null")), (key, value) => Quote(key) + ":" + value)
            .Array[0, 3].Select(pairs => "{" + string.Join(",", pairs) + "}"),
        AnyValue);

    private static readonly Gen<string> Endorsements = Gen.OneOf(
        Gen.Const("""["basic",{"name":"usd","status":"approved","requirements":{"missing":["ssn"]}}]"""),
        Gen.Const("""[{"name":"usd","name":"basic"}]"""),
        AnyValue);

    private static readonly Gen<string> Customers = Members(
        ("id", Strings), ("object", Strings), ("type", Strings), ("firstName", Strings), ("middleName", Strings), ("lastName", Strings),
        ("email", Strings), ("phone", Strings), ("nationality", Strings), ("externalId", Strings), ("status", Strings),
        ("signedAgreement", Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("\"true\""), AnyValue)),
        ("signedAgreementAt", Instants), ("wallets", Wallets), ("endorsements", Endorsements), ("metadata", Metadata),
        ("createdAt", Instants), ("updatedAt", Instants), ("brandNewField", AnyValue));

    private static readonly Gen<string> Pages = Members(
        ("data", Gen.OneOf(Gen.OneOf(Customers, Gen.Const("null")).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]"), AnyValue)),
        ("hasMore", Gen.OneOf(Gen.Const("true"), Gen.Const("false"), AnyValue)),
        ("cursor", Strings),
        ("nextCursor", Strings),
        ("total", AnyValue));

    [Fact]
    public void Reads_any_customer_as_the_serializer_reads_the_wire_type()
    {
        Customers.Sample(json =>
        {
            var expected = Outcome(() => Describe(JsonSerializer.Deserialize(json, OmsJsonContext.Default.CustomerWire)?.ToCustomer()));
            var actual = Outcome(() => Describe(JsonSerializer.Deserialize(json, CustomerReader.TypeInfo)));

            Assert.True(expected == actual, $"JSON: {json}\nserializer: {expected}\nreader:     {actual}");
        }, iter: 4000);
    }

    [Fact]
    public void Reads_any_page_as_the_serializer_reads_the_wire_type()
    {
        Pages.Sample(json =>
        {
            var expected = Outcome(() => Describe(JsonSerializer.Deserialize(json, OmsJsonContext.Default.CustomerPageWire)?.ToPage()));
            var actual = Outcome(() => Describe(JsonSerializer.Deserialize(json, CustomerPageReader.TypeInfo)));

            Assert.True(expected == actual, $"JSON: {json}\nserializer: {expected}\nreader:     {actual}");
        }, iter: 1500);
    }

    [Theory]
    [InlineData("""{"ID":"cst_1","Id":"cst_2"}""", "JsonException")]
    [InlineData("""{"id":"cst_1","\u0069d":"cst_2"}""", "JsonException")]
    [InlineData("""{"id":"cst_1","metadata":{"plan":"a","plan":"b"}}""", "JsonException")]
    [InlineData("""{"id":"cst_1","createdAt":null}""", "JsonException")]
    [InlineData("""{"id":"cst_1","wallets":{}}""", "JsonException")]
    [InlineData("""{"ſtatus":"active","id":"cst_1"}""", "cst_1|||||||||||||0001-01-01T00:00:00.0000000+00:00|0001-01-01T00:00:00.0000000+00:00|wallets[]|endorsements[]|metadata{}|extra{ſtatus=\"active\"}")]
    [InlineData("""{"id":"cst_1","riskLevel":"low","riskLevel":"high"}""", "JsonException")]
    [InlineData("""null""", "null")]
    [InlineData("""[]""", "JsonException")]
    public void Reads_the_edge_cases_as_the_serializer_does(string json, string expected)
    {
        Assert.Equal(expected, Outcome(() => Describe(JsonSerializer.Deserialize(json, OmsJsonContext.Default.CustomerWire)?.ToCustomer())));
        Assert.Equal(expected, Outcome(() => Describe(JsonSerializer.Deserialize(json, CustomerReader.TypeInfo))));
    }

    private static Gen<string> Members(params (string Name, Gen<string> Value)[] members) =>
        Gen.OneOf(members.Select(m => Gen.Select(NameSpelling(m.Name), m.Value, (name, value) => name + ":" + value)).ToArray())
            .Array[0, 9]
            .Select(pairs => "{" + string.Join(",", pairs) + "}");

    /// <summary>The name as sent: exact, in another case, with an escaped letter, a non-ASCII look-alike (long s), or a longer name.</summary>
    private static Gen<string> NameSpelling(string name) => Gen.OneOf(
        Gen.Const(Quote(name)),
        Gen.Const(Quote(name.ToUpperInvariant())),
        Gen.Bool.Array[name.Length].Select(upper => Quote(new string([.. name.Select((c, i) => upper[i] ? char.ToUpperInvariant(c) : c)]))),
        Gen.Const("\"\\u" + ((int)name[0]).ToString("x4", CultureInfo.InvariantCulture) + name[1..] + "\""),
        Gen.Const(Quote(name.Replace('s', 'ſ'))),
        Gen.Const(Quote(name + "x")));

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string Describe(CustomerPage? page) =>
        page is null ? "null" : $"{page.HasMore}|{page.NextCursor}|{page.Items.Count}|{string.Join("\n", page.Items.Select(Describe))}";

    private static string Describe(Customer? c) => c is null ? "null" : string.Join("|",
        c.Id, c.Object, c.RawType, c.FirstName, c.MiddleName, c.LastName, c.Email, c.Phone, c.Nationality, c.ExternalId, c.RawStatus,
        c.SignedAgreement, c.SignedAgreementAt?.ToString("O", CultureInfo.InvariantCulture), c.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        c.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        "wallets[" + string.Join(";", c.Wallets.Select(w => string.Join(",", w.Id, w.Type, w.Address, w.Network, w.Asset,
            w.Balance?.ToString(CultureInfo.InvariantCulture), w.EstimatedValueUsd?.ToString(CultureInfo.InvariantCulture), w.CreatedAt?.ToString("O", CultureInfo.InvariantCulture), Unmodelled(w.AdditionalProperties)))) + "]",
        "endorsements[" + string.Join(";", c.Endorsements.Select(e => $"{e.RawName},{e.RawStatus},{e.RejectionReasons.Count},{string.Join("/", e.Requirements.Missing)}")) + "]",
        "metadata{" + string.Join(";", c.Metadata.Select(p => $"{p.Key}={p.Value ?? "<null>"}")) + "}",
        Unmodelled(c.AdditionalProperties));

    /// <summary>The fields kept as OMS sent them, in name order, each as its raw JSON.</summary>
    private static string Unmodelled(IReadOnlyDictionary<string, JsonElement> fields) =>
        "extra{" + string.Join(";", fields.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetRawText()}")) + "}";

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
}
