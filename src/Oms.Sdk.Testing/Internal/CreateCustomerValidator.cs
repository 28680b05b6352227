using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Testing.Internal;

/// <summary>What a valid create body asks for, without its write-only PII (which is checked, then dropped).</summary>
/// <param name="Profile">The fields OMS returns on the customer.</param>
/// <param name="Endorsements">The endorsements named in the body, or <see langword="null"/> when the body names none.</param>
internal sealed record CustomerDraft(CustomerProfile Profile, IReadOnlySet<Endorsement>? Endorsements);

/// <summary>
/// Checks a <c>POST /customers</c> body against the contract's <c>CustomerCreateRequest</c>: an object; <c>type</c>
/// required and <c>individual</c>; no fields beyond the documented ones (the contract sets
/// <c>additionalProperties: false</c>); each field of its type; unset fields omitted rather than null; <c>phone</c>
/// E.164, <c>nationality</c> ISO 3166-1 alpha-2, <c>birthDate</c> a real <c>YYYY-MM-DD</c> date, <c>email</c> an
/// address; endorsement and identity document names known; metadata values strings. Every problem is reported.
/// </summary>
internal static partial class CreateCustomerValidator
{
    private static readonly HashSet<string> Fields =
    [
        "type", "firstName", "middleName", "lastName", "email", "phone", "birthDate", "nationality", "ipAddress",
        "externalId", "signedAgreement", "residentialAddress", "identifyingInformation", "endorsements", "metadata",
    ];

    private static readonly HashSet<string> AddressFields = ["line1", "line2", "city", "state", "country", "zipCode"];

    private static readonly HashSet<string> DocumentFields = ["type", "issuingCountry", "number"];

    /// <summary>Returns the draft, or <see langword="null"/> with <paramref name="problems"/> filled.</summary>
    public static CustomerDraft? Validate(JsonElement body, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("The body must be a JSON object.");
            return null;
        }

        RejectUnknownFields(body, Fields, string.Empty, problems);

        var type = Text(body, "type", problems);
        if (type is null && !body.TryGetProperty("type", out _))
        {
            problems.Add("type is required and must be \"individual\".");
        }
        else if (type is not null && WireNames.ParseCustomerType(type) != CustomerType.Individual)
        {
            problems.Add($"type must be \"individual\" (v0.9 has no other customer type), not \"{type}\".");
        }

        var profile = new CustomerProfile
        {
            FirstName = Text(body, "firstName", problems),
            MiddleName = Text(body, "middleName", problems),
            LastName = Text(body, "lastName", problems),
            Email = Check(Text(body, "email", problems), EmailPattern(), "email must be an email address such as jane@example.com", problems),
            Phone = Check(Text(body, "phone", problems), E164Pattern(), "phone must be in E.164 form: + and 2 to 15 digits, the first not 0, such as +12125551234", problems),
            Nationality = Check(Text(body, "nationality", problems), CountryPattern(), "nationality must be an ISO 3166-1 alpha-2 code: two upper-case letters such as US", problems),
            ExternalId = Text(body, "externalId", problems),
            SignedAgreement = Flag(body, "signedAgreement", problems) ?? false,
            Metadata = Metadata(body, problems),
        };
        var endorsements = Endorsements(body, problems);

        if (Text(body, "birthDate", problems) is { } birthDate
            && !DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add("birthDate must be a real date in YYYY-MM-DD form, such as 1990-05-15.");
        }

        Text(body, "ipAddress", problems);
        Address(body, problems);
        Documents(body, problems);
        return problems.Count == 0 ? new CustomerDraft(profile, endorsements) : null;
    }

    private static void RejectUnknownFields(JsonElement obj, HashSet<string> known, string path, List<string> problems)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                problems.Add($"{path}{property.Name} is not a field of the create request.");
            }
        }
    }

    /// <summary>Finds an optional property; when present with another JSON kind, reports <paramref name="rule"/>.</summary>
    private static bool TryGet(JsonElement obj, string name, JsonValueKind kind, string rule, List<string> problems, out JsonElement value)
    {
        if (!obj.TryGetProperty(name, out value))
        {
            return false;
        }

        if (value.ValueKind == kind)
        {
            return true;
        }

        problems.Add(rule);
        return false;
    }

    private static string? Text(JsonElement obj, string name, List<string> problems, string path = "")
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}{name} must be a string (omit it rather than send {value.ValueKind.ToString().ToLowerInvariant()}).");
            return null;
        }

        return value.GetString();
    }

    private static string? Check(string? value, Regex pattern, string rule, List<string> problems)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            problems.Add(rule + ".");
        }

        return value;
    }

    private static bool? Flag(JsonElement obj, string name, List<string> problems)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add($"{name} must be true or false.");
        return null;
    }

    private static HashSet<Endorsement>? Endorsements(JsonElement body, List<string> problems)
    {
        if (!TryGet(body, "endorsements", JsonValueKind.Array, "endorsements must be an array of endorsement names.", problems, out var value))
        {
            return null;
        }

        var names = new HashSet<Endorsement>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? WireNames.ParseEndorsement(item.GetString()) : Endorsement.Unknown;
            if (name == Endorsement.Unknown)
            {
                problems.Add($"endorsements[{index}] must be one of basic, cryptoCustody, usd.");
            }
            else
            {
                names.Add(name);
            }

            index++;
        }

        return names;
    }

    private static Dictionary<string, string> Metadata(JsonElement body, List<string> problems)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGet(body, "metadata", JsonValueKind.Object, "metadata must be an object of string values.", problems, out var value))
        {
            return metadata;
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.String)
            {
                metadata[entry.Name] = entry.Value.GetString()!;
            }
            else
            {
                problems.Add($"metadata.{entry.Name} must be a string.");
            }
        }

        return metadata;
    }

    private static void Address(JsonElement body, List<string> problems)
    {
        if (!TryGet(body, "residentialAddress", JsonValueKind.Object, "residentialAddress must be an object.", problems, out var address))
        {
            return;
        }

        RejectUnknownFields(address, AddressFields, "residentialAddress.", problems);
        foreach (var field in AddressFields)
        {
            Text(address, field, problems, "residentialAddress.");
        }
    }

    private static void Documents(JsonElement body, List<string> problems)
    {
        if (!TryGet(body, "identifyingInformation", JsonValueKind.Array, "identifyingInformation must be an array of documents.", problems, out var documents))
        {
            return;
        }

        var index = 0;
        foreach (var document in documents.EnumerateArray())
        {
            var path = $"identifyingInformation[{index++}].";
            if (document.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path.TrimEnd('.') + " must be an object.");
                continue;
            }

            RejectUnknownFields(document, DocumentFields, path, problems);
            if (Text(document, "type", problems, path) is { } type && WireNames.ParseIdentifyingDocumentType(type) == IdentifyingDocumentType.Unknown)
            {
                problems.Add(path + "type must be one of ssn, itin, driversLicense, passport.");
            }

            Text(document, "issuingCountry", problems, path);
            Text(document, "number", problems, path);
        }
    }

    // [0-9] rather than \d (which matches any Unicode digit) and \z rather than $ (which allows a trailing newline).
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164Pattern();

    [GeneratedRegex(@"^[A-Z]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
