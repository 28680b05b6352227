namespace System.Text;

/// <summary>.NET Framework: the part of .NET Core 3's <c>System.Text.Rune</c> (one Unicode scalar value) the redactor uses.</summary>
internal readonly struct Rune
{
    private readonly int _value;

    /// <summary>The scalar <paramref name="value"/>.</summary>
    public Rune(int value) => _value = value;

    /// <summary>The scalar value.</summary>
    public int Value => _value;

    /// <summary>How many bytes its UTF-8 encoding takes (1 to 4).</summary>
    public int Utf8SequenceLength => _value switch
    {
        <= 0x7F => 1,
        <= 0x7FF => 2,
        <= 0xFFFF => 3,
        _ => 4,
    };

    /// <summary>Writes its UTF-16 code units to <paramref name="destination"/> and returns how many (1 or 2).</summary>
    public int EncodeToUtf16(Span<char> destination)
    {
        if (_value <= 0xFFFF)
        {
            destination[0] = (char)_value;
            return 1;
        }

        var pair = char.ConvertFromUtf32(_value);
        destination[0] = pair[0];
        destination[1] = pair[1];
        return 2;
    }
}
