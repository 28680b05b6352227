using System.Text;

namespace Oms.Sdk.Http;

/// <summary>
/// The rules for the path of an <see cref="OmsRequest"/>: relative to the base address and never able to leave it, so the
/// token and customer data only ever go where the client was pointed. And the route template of such a path, for telemetry.
/// </summary>
internal static class OmsRequestPath
{
    /// <summary>Checks <paramref name="path"/> and returns it.</summary>
    /// <exception cref="ArgumentException">The path could leave the base address, or is not a valid relative URL path.</exception>
    public static string Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Refused(path, "it is empty; give a path below the base address such as customers/cst_1/balance");
        }

        if (path.StartsWith("//", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal) || HasScheme(path))
        {
            throw Refused(path, "it is an absolute URL; give the path relative to OmsClientOptions.BaseAddress (the SDK only ever calls the configured host)");
        }

        foreach (var c in path)
        {
            if (c is '\\')
            {
                throw Refused(path, "it contains a backslash");
            }

            if (c is '?' or '#')
            {
                throw Refused(path, "it contains a query or fragment; put query parameters in OmsRequest.Query");
            }

            if (c is <= ' ' or > '~')
            {
                throw Refused(path, "it contains a space, a control or a non-ASCII character; escape it with Uri.EscapeDataString");
            }
        }

        var relative = path.StartsWith('/') ? path.AsSpan(1) : path.AsSpan();
        foreach (var range in relative.Split('/'))
        {
            var segment = relative[range];
            if (segment.IsEmpty)
            {
                throw Refused(path, "it has an empty segment (//) or ends with /");
            }

            var unescaped = Uri.UnescapeDataString(segment.ToString());
            if (unescaped is "." or ".." || unescaped.Contains('/', StringComparison.Ordinal) || unescaped.Contains('\\', StringComparison.Ordinal))
            {
                throw Refused(path, "it has a '.' or '..' segment (escaped or not), which could leave the base address");
            }
        }

        return path;
    }

    /// <summary>The request URI: the base address's path, then <paramref name="request"/>'s, then its query. Checked to stay below the base.</summary>
    public static Uri Resolve(Uri baseAddress, OmsRequest request)
    {
        var builder = new StringBuilder(baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        builder.Append('/').Append(request.Path.AsSpan().TrimStart('/'));
        var separator = '?';
        foreach (var (key, value) in request.Query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
            separator = '&';
        }

        var uri = new Uri(builder.ToString(), UriKind.Absolute);
        if (!baseAddress.IsBaseOf(uri) || !uri.AbsolutePath.StartsWith(baseAddress.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw Refused(request.Path, "it leaves the base address");
        }

        return uri;
    }

    /// <summary>
    /// The path with every id-like segment (one with a digit, an underscore or more than 32 characters) replaced by
    /// <c>{id}</c>: low-cardinality, and no customer id in a span name or a metric.
    /// </summary>
    public static string Template(string path)
    {
        var relative = path.AsSpan().TrimStart('/');
        var builder = new StringBuilder(relative.Length);
        foreach (var range in relative.Split('/'))
        {
            var segment = relative[range];
            builder.Append(builder.Length == 0 ? string.Empty : "/");
            builder.Append(IsIdLike(segment) ? "{id}" : segment);
        }

        return builder.ToString();
    }

    private static bool IsIdLike(ReadOnlySpan<char> segment) =>
        segment.Length > 32 || segment.ContainsAny("0123456789_%") || segment.ContainsAny(":@");

    private static bool HasScheme(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash) && char.IsAsciiLetter(path[0]);
    }

    private static ArgumentException Refused(string? path, string why) =>
        new($"The OmsRequest path '{path}' is refused: {why}.", nameof(path));
}
