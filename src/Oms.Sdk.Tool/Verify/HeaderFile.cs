namespace Oms.Sdk.Tool.Verify;

/// <summary>
/// Reads a file of HTTP headers, one <c>name: value</c> per line (as <c>curl -D</c> or a request log writes them). Blank
/// lines and a leading request or status line (<c>POST /webhooks HTTP/1.1</c>) are skipped; a header given twice reads as
/// its values joined by a space, as the SDK reads repeated headers.
/// </summary>
internal static class HeaderFile
{
    /// <exception cref="FormatException">A line is not <c>name: value</c>; the message gives its number.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || (i == 0 && line.Contains(" HTTP/", StringComparison.Ordinal)) || line.StartsWith("HTTP/", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Trim().Length == 0 || line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                throw new FormatException($"line {i + 1} is not a header ('name: value').");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + " " + value : value;
        }

        return headers;
    }
}
