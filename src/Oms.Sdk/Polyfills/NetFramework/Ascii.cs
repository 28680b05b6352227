namespace System.Text;

/// <summary>.NET Framework: the members of .NET 8's <c>System.Text.Ascii</c> the JSON readers use.</summary>
internal static class Ascii
{
    /// <summary>Whether every byte of <paramref name="value"/> is ASCII.</summary>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the ASCII bytes <paramref name="left"/> spell <paramref name="right"/>, ignoring ASCII case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> left, ReadOnlySpan<char> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] > 0x7F || right[i] > 0x7F || ToLower(left[i]) != ToLower(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the ASCII bytes <paramref name="left"/> and <paramref name="right"/> are equal, ignoring ASCII case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] > 0x7F || right[i] > 0x7F || ToLower(left[i]) != ToLower(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int ToLower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
