using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>What a valid create body asks for, without its write-only PII (which is checked, then dropped).</summary>
/// <param name="Profile">The fields OMS returns on the customer.</param>
/// <param name="Endorsements">The endorsements named in the body, or <see langword="null"/> when the body names none.</param>
internal sealed record CustomerDraft(CustomerProfile Profile, IReadOnlySet<Endorsement>? Endorsements);

/// <summary>What a valid update body changes, without its write-only PII (which is checked, then dropped).</summary>
/// <param name="Apply">The changes to the returned fields, JSON Merge Patch style (absent unchanged, null cleared, metadata merged).</param>
/// <param name="Reevaluate">The endorsements the body names, to (re-)evaluate; empty when it names none.</param>
/// <param name="SendsComplianceData">
/// Whether the body sends (or clears) residentialAddress, ipAddress or identifyingInformation: compliance-relevant
/// write-only data, which the fake does not keep and so counts as changed whenever it is sent.
/// </param>
internal sealed record CustomerPatch(Func<CustomerProfile, CustomerProfile> Apply, IReadOnlySet<Endorsement> Reevaluate, bool SendsComplianceData);

/// <summary>
/// Checks customer request bodies against the contract: <c>CustomerCreateRequest</c> for <c>POST /customers</c> and
/// <c>CustomerUpdateRequest</c> for <c>PATCH /customers/{id}</c>, with the same rules for the fields they share. An object;
/// top-level fields beyond the documented ones kept as given and returned on the customer (an update merges them: null
/// removes one), as OMS adds fields before an SDK models them, but none inside an address or a document; each field of its type; <c>phone</c> E.164,
/// <c>nationality</c> ISO 3166-1 alpha-2, <c>birthDate</c> a real <c>YYYY-MM-DD</c> date, <c>email</c> an address;
/// endorsement and identity document names known; metadata values strings. A create needs <c>type: individual</c> and
/// omits unset fields rather than sending null; an update has no <c>type</c>, names at least one field, and sends
/// <c>null</c> to clear an optional field (not <c>signedAgreement</c> or <c>endorsements</c>, which cannot be cleared).
/// Every problem is reported.
/// </summary>
internal static partial class CustomerRequestValidator
{
    /// <summary>The fields OMS returns on the customer as given, with how each is checked and stored.</summary>
    private static readonly ProfileField[] ProfileFields =
    [
        new("firstName", (p, v) => p with { FirstName = v }),
        new("middleName", (p, v) => p with { MiddleName = v }),
        new("lastName", (p, v) => p with { LastName = v }),
        new("email", (p, v) => p with { Email = v }, EmailPattern(), "email must be an email address such as jane@example.com"),
        new("phone", (p, v) => p with { Phone = v }, E164Pattern(), "phone must be in E.164 form: + and 2 to 15 digits, the first not 0, such as +12125551234"),
        new("nationality", (p, v) => p with { Nationality = v }, CountryPattern(), "nationality must be an ISO 3166-1 alpha-2 code: two upper-case letters such as US"),
        new("externalId", (p, v) => p with { ExternalId = v }),
    ];

    /// <summary>Every field of the update request: the create request's but <c>type</c>.</summary>
    private static readonly HashSet<string> UpdateFields =
    [
        .. ProfileFields.Select(f => f.Name), "birthDate", "ipAddress", "signedAgreement", "residentialAddress", "identifyingInformation", "endorsements", "metadata",
    ];

    private static readonly HashSet<string> CreateFields = [.. UpdateFields, "type"];

    private static readonly HashSet<string> AddressFields = ["line1", "line2", "city", "state", "country", "zipCode"];

    private static readonly HashSet<string> DocumentFields = ["type", "issuingCountry", "number"];

    /// <summary>Checks a create body. Returns the draft, or <see langword="null"/> with <paramref name="problems"/> filled.</summary>
    public static CustomerDraft? ValidateCreate(JsonElement body, List<FieldProblem> problems)
    {
        var request = new Body(body, Update: false, problems);
        if (!request.IsObject())
        {
            return null;
        }

        var extra = request.UnknownFields(CreateFields);
        var type = request.Text("type");
        if (type is null && !body.TryGetProperty("type", out _))
        {
            problems.Add(new("type", "type is required and must be \"individual\"."));
        }
        else if (type is not null && type != ServerNames.Individual)
        {
            problems.Add(new("type", $"type must be \"individual\" (v0.9 has no other customer type), not \"{type}\"."));
        }

        var profile = new CustomerProfile();
        foreach (var field in ProfileFields)
        {
            if (request.ProfileText(field) is { Value: { } value })
            {
                profile = field.Set(profile, value);
            }
        }

        profile = profile with
        {
            SignedAgreement = request.Flag("signedAgreement") ?? false,
            Extra = extra.Where(e => e.Value.ValueKind != JsonValueKind.Null).ToDictionary(e => e.Key, e => e.Value.GetRawText(), StringComparer.Ordinal),
        };
        var metadata = request.Metadata(out _);
        profile = profile with { Metadata = metadata.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal) };
        var endorsements = request.Endorsements();
        request.WriteOnlyFields();
        return problems.Count == 0 ? new CustomerDraft(profile, endorsements) : null;
    }

    /// <summary>Checks an update body. Returns the patch, or <see langword="null"/> with <paramref name="problems"/> filled.</summary>
    public static CustomerPatch? ValidateUpdate(JsonElement body, List<FieldProblem> problems)
    {
        var request = new Body(body, Update: true, problems);
        if (!request.IsObject())
        {
            return null;
        }

        if (!body.EnumerateObject().Any())
        {
            problems.Add(new(null, "The update names no field: send at least one field to change (an empty update changes nothing)."));
            return null;
        }

        request.RejectField("type");
        var extra = request.UnknownFields(CreateFields);
        var apply = new List<Func<CustomerProfile, CustomerProfile>>();
        if (extra.Count > 0)
        {
            apply.Add(p => p with { Extra = MergeExtra(p.Extra, extra) });
        }

        foreach (var field in ProfileFields)
        {
            if (request.ProfileText(field) is { } given)
            {
                apply.Add(p => field.Set(p, given.Value));
            }
        }

        if (request.Flag("signedAgreement") is { } signed)
        {
            apply.Add(p => p with { SignedAgreement = signed });
        }

        var metadata = request.Metadata(out var clearMetadata);
        if (clearMetadata || metadata.Count > 0)
        {
            apply.Add(p => p with { Metadata = MergeMetadata(clearMetadata ? new Dictionary<string, string>() : p.Metadata, metadata) });
        }

        var endorsements = request.Endorsements() ?? new HashSet<Endorsement>();
        var sendsComplianceData = request.WriteOnlyFields();
        return problems.Count == 0
            ? new CustomerPatch(p => apply.Aggregate(p, (current, change) => change(current)), endorsements, sendsComplianceData)
            : null;
    }

    /// <summary>RFC 7396 on the kept unknown fields: one set to null is removed, any other is set (replaced whole).</summary>
    private static Dictionary<string, string> MergeExtra(IReadOnlyDictionary<string, string> current, Dictionary<string, JsonElement> changes)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value.GetRawText();
            }
        }

        return merged;
    }

    /// <summary>RFC 7396 on a string map: a key set to null is removed, any other key is set.</summary>
    private static Dictionary<string, string> MergeMetadata(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string?> changes)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    // [0-9] rather than \d (which matches any Unicode digit) and \z rather than $ (which allows a trailing newline).
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164Pattern();

    [GeneratedRegex(@"^[A-Z]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    /// <summary>A returned text field: its wire name, how it is stored, and the format it must have, if any.</summary>
    private sealed record ProfileField(string Name, Func<CustomerProfile, string?, CustomerProfile> Set, Regex? Pattern = null, string? Rule = null);

    /// <summary>A field that was sent: its text, or <see langword="null"/> when an update sent JSON null to clear it.</summary>
    private readonly record struct Given(string? Value);

    /// <summary>One body being checked; <paramref name="Update"/> allows JSON null where the update request does.</summary>
    private readonly record struct Body(JsonElement Json, bool Update, List<FieldProblem> Problems)
    {
        private string Request => Update ? "update" : "create";

        public bool IsObject()
        {
            if (Json.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Problems.Add(new(null, $"The {Request} body must be a JSON object."));
            return false;
        }

        /// <summary>The top-level fields outside <paramref name="known"/>, which the fake keeps rather than refuses.</summary>
        public Dictionary<string, JsonElement> UnknownFields(HashSet<string> known)
        {
            var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in Json.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    unknown[property.Name] = property.Value.Clone();
                }
            }

            return unknown;
        }

        /// <summary>Refuses a documented field this request may not carry (an update's <c>type</c>).</summary>
        public void RejectField(string name)
        {
            if (Json.TryGetProperty(name, out _))
            {
                Problems.Add(new(name, $"{name} is not a field of the {Request} request."));
            }
        }

        public string? Text(string name) => Text(Json, name, string.Empty, allowNull: false)?.Value;

        /// <summary>A returned text field: absent (<see langword="null"/>), cleared (an update's null) or a valid value.</summary>
        public Given? ProfileText(ProfileField field)
        {
            if (Text(Json, field.Name, string.Empty, allowNull: Update) is not { } given)
            {
                return null;
            }

            if (given.Value is { } value && field.Pattern is { } pattern && !pattern.IsMatch(value))
            {
                Problems.Add(new(field.Name, field.Rule + "."));
            }

            return given;
        }

        public bool? Flag(string name)
        {
            if (!Json.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Problems.Add(new(name, Update && value.ValueKind == JsonValueKind.Null
                ? $"{name} must be true or false; it cannot be cleared with null."
                : $"{name} must be true or false."));
            return null;
        }

        public HashSet<Endorsement>? Endorsements()
        {
            if (!Json.TryGetProperty("endorsements", out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                Problems.Add(new("endorsements", Update && value.ValueKind == JsonValueKind.Null
                    ? "endorsements names endorsements to re-evaluate; it cannot be cleared with null (omit it)."
                    : "endorsements must be an array of endorsement names."));
                return null;
            }

            var names = new HashSet<Endorsement>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && ServerNames.Endorsements.TryParse(item.GetString(), out var name))
                {
                    names.Add(name);
                }
                else
                {
                    Problems.Add(new($"endorsements[{index}]", $"endorsements[{index}] must be one of {ServerNames.Endorsements.Listed}."));
                }

                index++;
            }

            return names;
        }

        /// <summary>The metadata entries sent (an update's null values remove keys); <paramref name="cleared"/> when an update sent <c>metadata: null</c>.</summary>
        public Dictionary<string, string?> Metadata(out bool cleared)
        {
            cleared = false;
            var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (!Json.TryGetProperty("metadata", out var value))
            {
                return metadata;
            }

            if (Update && value.ValueKind == JsonValueKind.Null)
            {
                cleared = true;
                return metadata;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(new("metadata", "metadata must be an object of string values."));
                return metadata;
            }

            foreach (var entry in value.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String || (Update && entry.Value.ValueKind == JsonValueKind.Null))
                {
                    metadata[entry.Name] = entry.Value.GetString();
                }
                else
                {
                    Problems.Add(new($"metadata.{entry.Name}", Update ? $"metadata.{entry.Name} must be a string, or null to remove the key." : $"metadata.{entry.Name} must be a string."));
                }
            }

            return metadata;
        }

        /// <summary>Checks the write-only PII (never stored); returns whether compliance-relevant data was sent.</summary>
        public bool WriteOnlyFields()
        {
            if (Text(Json, "birthDate", string.Empty, allowNull: Update) is { Value: { } birthDate }
                && !DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Problems.Add(new("birthDate", "birthDate must be a real date in YYYY-MM-DD form, such as 1990-05-15."));
            }

            var ipAddress = Text(Json, "ipAddress", string.Empty, allowNull: Update) is not null;
            var address = Address();
            var documents = Documents();
            return ipAddress || address || documents;
        }

        private bool Address()
        {
            if (!TryGetObjectOrArray("residentialAddress", JsonValueKind.Object, "residentialAddress must be an object.", out var address))
            {
                return Json.TryGetProperty("residentialAddress", out _);
            }

            RejectUnknownFields(address, AddressFields, "residentialAddress.");
            foreach (var field in AddressFields)
            {
                // Merge Patch reaches into objects: an update may clear one line of the address.
                Text(address, field, "residentialAddress.", allowNull: Update);
            }

            return true;
        }

        private bool Documents()
        {
            if (!TryGetObjectOrArray("identifyingInformation", JsonValueKind.Array, "identifyingInformation must be an array of documents.", out var documents))
            {
                return Json.TryGetProperty("identifyingInformation", out _);
            }

            var index = 0;
            foreach (var document in documents.EnumerateArray())
            {
                var path = $"identifyingInformation[{index++}].";
                if (document.ValueKind != JsonValueKind.Object)
                {
                    Problems.Add(new(path.TrimEnd('.'), path.TrimEnd('.') + " must be an object."));
                    continue;
                }

                RejectUnknownFields(document, DocumentFields, path);
                if (Text(document, "type", path, allowNull: false) is { Value: { } type } && !ServerNames.DocumentTypes.TryParse(type, out _))
                {
                    Problems.Add(new($"{path}type", $"{path}type must be one of {ServerNames.DocumentTypes.Listed}."));
                }

                Text(document, "issuingCountry", path, allowNull: false);
                Text(document, "number", path, allowNull: false);
            }

            return true;
        }

        /// <summary>
        /// Finds an optional object or array property. When present with another JSON kind, reports <paramref name="rule"/>,
        /// except an update's null, which clears it (the caller sees it present but gets no value).
        /// </summary>
        private bool TryGetObjectOrArray(string name, JsonValueKind kind, string rule, out JsonElement value)
        {
            if (!Json.TryGetProperty(name, out value) || value.ValueKind == kind)
            {
                return value.ValueKind == kind;
            }

            if (!(Update && value.ValueKind == JsonValueKind.Null))
            {
                Problems.Add(new(name, rule));
            }

            return false;
        }

        private void RejectUnknownFields(JsonElement obj, HashSet<string> known, string path)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    Problems.Add(new($"{path}{property.Name}", $"{path}{property.Name} is not a field of the {Request} request."));
                }
            }
        }

        /// <summary>An optional string: absent (<see langword="null"/>), a value, or (when allowed) JSON null.</summary>
        private Given? Text(JsonElement obj, string name, string path, bool allowNull)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return new Given(value.GetString());
            }

            if (allowNull && value.ValueKind == JsonValueKind.Null)
            {
                return new Given(null);
            }

            Problems.Add(new($"{path}{name}", allowNull
                ? $"{path}{name} must be a string, or null to clear it."
                : $"{path}{name} must be a string (omit it rather than send {value.ValueKind.ToString().ToLowerInvariant()})."));
            return null;
        }
    }
}
