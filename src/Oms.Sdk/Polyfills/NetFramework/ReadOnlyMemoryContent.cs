using System.Runtime.InteropServices;

namespace System.Net.Http;

/// <summary>
/// .NET Framework: HTTP content over a <see cref="ReadOnlyMemory{T}"/> of bytes, as <c>System.Net.Http.ReadOnlyMemoryContent</c>
/// is on .NET Core 2.1+. The bytes are not copied when the memory is an array's.
/// </summary>
internal sealed class ReadOnlyMemoryContent : ByteArrayContent
{
    /// <summary>Content of the bytes of <paramref name="content"/>.</summary>
    public ReadOnlyMemoryContent(ReadOnlyMemory<byte> content)
        : this(MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray()))
    {
    }

    private ReadOnlyMemoryContent(ArraySegment<byte> bytes)
        : base(bytes.Array!, bytes.Offset, bytes.Count)
    {
    }
}
