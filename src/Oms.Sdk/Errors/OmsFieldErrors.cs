using System.Text.Json;

namespace Oms.Sdk.Errors;

/// <summary>
/// Reads per-field errors out of a 400/422 body. OMS documents no schema for them, so the common shapes are read, in this
/// order, and the first that yields anything wins:
/// <list type="number">
/// <item><c>{"error":{"details":[{"field","message"}]}}</c> (also <c>"errors"</c> or <c>"fields"</c> inside <c>"error"</c>);</item>
/// <item><c>{"details":[…]}</c> at the top level;</item>
/// <item><c>{"errors":{"field":["message", …]}}</c>, RFC 7807 validation problem details as ASP.NET Core writes them, or
/// <c>{"errors":[{"field"|"pointer"|"path","message"|"detail"}]}</c> (RFC 9457);</item>
/// <item><c>{"fields":{"field":"message"}}</c> or <c>{"fields":{"field":["message"]}}</c>.</item>
/// </list>
/// In an entry the field is read from <c>field</c>, <c>path</c>, <c>pointer</c>, <c>param</c> or <c>name</c>, the message from
/// <c>message</c>, <c>detail</c>, <c>reason</c> or <c>description</c>. Anything else gives no field errors (the raw body stays on
/// the exception). The body read is the bounded, redacted one the exception keeps.
/// </summary>
internal static class OmsFieldErrors
{
    private static readonly string[] FieldNames = ["field", "path", "pointer", "param", "name"];
    private static readonly string[] MessageNames = ["message", "detail", "reason", "description"];
    private static readonly string[] ContainerNames = ["details", "errors", "fields"];

    /// <summary>The field errors of an error body's root element (decoded once, by <see cref="Errors.OmsErrorResponse"/>).</summary>
    public static IReadOnlyList<OmsFieldError> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && FromContainers(error) is { Count: > 0 } nested)
        {
            return nested;
        }

        return FromContainers(root);
    }

    private static List<OmsFieldError> FromContainers(JsonElement owner)
    {
        var errors = new List<OmsFieldError>();
        foreach (var name in ContainerNames)
        {
            if (owner.TryGetProperty(name, out var container))
            {
                Read(container, errors);
                if (errors.Count > 0)
                {
                    break;
                }
            }
        }

        return errors;
    }

    private static void Read(JsonElement container, List<OmsFieldError> errors)
    {
        switch (container.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var entry in container.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object && First(entry, FieldNames) is { } field)
                    {
                        errors.Add(new OmsFieldError(Unpoint(field), First(entry, MessageNames) ?? string.Empty));
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in container.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        errors.Add(new OmsFieldError(property.Name, property.Value.GetString()!));
                    }
                    else if (property.Value.ValueKind == JsonValueKind.Array)
                    {
                        errors.AddRange(property.Value.EnumerateArray()
                            .Where(m => m.ValueKind == JsonValueKind.String)
                            .Select(m => new OmsFieldError(property.Name, m.GetString()!)));
                    }
                }

                break;
        }
    }

    private static string? First(JsonElement entry, string[] names)
    {
        foreach (var name in names)
        {
            if (entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A JSON pointer (<c>/residentialAddress/postalCode</c>) as the dotted path the other shapes use.</summary>
    private static string Unpoint(string field) =>
        field.StartsWith('/') ? field[1..].Replace('/', '.') : field;
}
