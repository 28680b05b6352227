using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Oms.Sdk.Errors;

namespace Oms.Sdk.Http;

/// <summary>
/// An OMS answer's body, read whole and bounded inside the attempt that received it (by <see cref="OmsResponseBodyHandler"/>)
/// into an array of exactly its size when it declares one, and kept on the call (<see cref="OmsCallContext.Body"/>): the
/// engine parses the bytes in place, with no stream, no copy and no content object.
/// </summary>
/// <remarks>
/// A body that declares its length is read into an array rented from <see cref="ArrayPool{T}.Shared"/>; the call returns
/// it (<see cref="OmsCallContext.ReleaseBody"/>) when the next attempt's body replaces it and when the engine has read the
/// answer. Nothing may keep <see cref="Bytes"/> past that: what outlives the call is copied or decoded first.
/// </remarks>
internal readonly struct OmsResponseBody
{
    /// <summary>Of an error answer only this much is read: the error mapping keeps 4,096 characters of it.</summary>
    internal const int MaxErrorBodySize = 64 * 1024;

    /// <summary>Bodies that declare a length up to this are read into an array of exactly that size; larger ones grow as they arrive.</summary>
    private const int MaxPresizedLength = 1024 * 1024;

    /// <summary>Where a body with no declared length starts; it doubles from here as bytes arrive.</summary>
    private const int InitialBufferSize = 16 * 1024;

    private readonly byte[]? _buffer;
    private readonly int _length;
    private readonly bool _rented;

    private OmsResponseBody(byte[] buffer, int length, bool rented, string? contentType, HttpStatusCode status, string? operation)
    {
        Operation = operation;
        _buffer = buffer;
        _length = length;
        _rented = rented;
        ContentType = contentType;
        Status = status;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The raw <c>Content-Type</c> header, unparsed; <see langword="null"/> when there is none.</summary>
    public string? ContentType { get; }

    /// <summary>The operation the answer is for, named in the failures the body raises.</summary>
    public string? Operation { get; }

    /// <summary>The status of the answer the body came with.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>How many bytes were kept.</summary>
    public int Length => _length;

    /// <summary>The bytes as received (decompressed); valid until the call releases the body.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    /// <summary>Gives a rented array back to the pool; the caller drops every copy of this body first.</summary>
    internal void ReturnBuffer()
    {
        if (_rented)
        {
            ArrayPool<byte>.Shared.Return(_buffer!);
        }
    }

    /// <summary>
    /// Parses the body, in place when it is UTF-8 (or names no charset, JSON's default), transcoded otherwise.
    /// </summary>
    /// <exception cref="OmsFailure">
    /// The body is not JSON of the expected shape, names a charset .NET cannot read, or repeats a property. The failure
    /// says where the parser stopped (line, byte, JSON path), and never quotes the body; the parser's own exception,
    /// whose message can quote it, is not kept.
    /// </exception>
    public T? Deserialize<T>(JsonTypeInfo<T> typeInfo)
    {
        var body = Bytes;
        try
        {
            if (ContentType is { } contentType && !IsUtf8OrUnnamed(contentType))
            {
                return JsonSerializer.Deserialize(Transcode(body, contentType) ?? throw OmsFailure.UnreadableCharset(Operation, Status, contentType), typeInfo);
            }

            return JsonSerializer.Deserialize(body.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, typeInfo);
        }
        catch (JsonException e)
        {
            throw OmsFailure.NotTheExpectedJson(Operation, Status, ContentType, _length, typeInfo.Type, e);
        }
    }

    /// <summary>
    /// The start of the body as text, at most <paramref name="maxChars"/> characters: UTF-8 unless a byte order mark says
    /// otherwise, <see langword="null"/> when there is no body.
    /// </summary>
    public string? ReadText(int maxChars)
    {
        var body = Bytes;
        if (body.IsEmpty)
        {
            return null;
        }

        Encoding encoding = Encoding.UTF8;
        if (body.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }
        else if (body is [0xFF, 0xFE, ..])
        {
            encoding = Encoding.Unicode;
            body = body[2..];
        }
        else if (body is [0xFE, 0xFF, ..])
        {
            encoding = Encoding.BigEndianUnicode;
            body = body[2..];
        }

        var maxBytes = (long)maxChars * 4;
        var text = encoding.GetString(body.Length > maxBytes ? body[..(int)maxBytes] : body);
        return text.Length == 0 ? null : text.Length > maxChars ? text[..maxChars] : text;
    }

    /// <summary>
    /// Reads <paramref name="response"/>'s body to its end (at most <paramref name="maxBodySize"/> decoded bytes). A success
    /// answer larger than the limit, declared or streamed, is refused with an <see cref="OmsFailure"/> (not retried) before
    /// more than the limit plus one read is held; an error answer is cut to its first <see cref="MaxErrorBodySize"/> bytes
    /// instead, so its status still counts. A body that ends before its <c>Content-Length</c>, or a connection that fails
    /// mid-body, is an <see cref="HttpRequestException"/> (<see cref="HttpRequestError.ResponseEnded"/>), so the pipeline
    /// retries it as the transport failure it is.
    /// </summary>
    public static async ValueTask<OmsResponseBody> ReadAsync(HttpResponseMessage response, long maxBodySize, OmsCallContext? call, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var status = response.StatusCode;
        var operation = call?.Operation;
        var isError = !response.IsSuccessStatusCode;
        var cap = isError ? Math.Min(maxBodySize, MaxErrorBodySize) : maxBodySize;
        var declared = content.Headers.ContentLength;
        if (!isError && declared > maxBodySize)
        {
            throw OmsFailure.TooLarge(operation, status, maxBodySize, declared);
        }

        byte[] buffer;
        int length;
        var rented = false;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (declared is { } exact and <= MaxPresizedLength && exact <= cap)
                {
                    length = (int)exact;
                    buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
                    rented = length != 0;
                    try
                    {
                        await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    }
                    catch when (rented)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw;
                    }
                }
                else
                {
                    (buffer, length) = await ReadBoundedAsync(stream, cap, declared, cancellationToken).ConfigureAwait(false);
                    if (length > cap)
                    {
                        if (!isError)
                        {
                            throw OmsFailure.TooLarge(operation, status, maxBodySize, declared: null);
                        }

                        length = (int)cap; // an error page's start is all the error mapping reads
                    }
                    else if (declared is { } expected && expected != length)
                    {
                        throw new EndOfStreamException($"The response declared {expected} bytes of body but {length} arrived.");
                    }
                }
            }
        }
        catch (IOException e)
        {
            throw OmsHttpRequestExceptions.Create("The connection closed before the whole response body arrived.", e, error: HttpRequestError.ResponseEnded);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // Corrupt gzip/deflate (InvalidDataException) or brotli (InvalidOperationException) from the automatic
            // decompression; the decoder's message is not passed on.
            throw OmsFailure.Undecodable(operation, status, content.Headers.ContentEncoding);
        }

        // Unparsed: parsing the header costs more than reading a small body.
        var contentType = content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
        return new OmsResponseBody(buffer, length, rented, contentType, status, operation);
    }

    /// <summary>Reads until the end or until one byte past <paramref name="cap"/>, growing the buffer by doubling up to <c>cap + 1</c>.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBoundedAsync(Stream stream, long cap, long? declared, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(cap + 1, Array.MaxLength);
        var buffer = new byte[(int)Math.Min(declared is { } d and > 0 ? d + 1 : InitialBufferSize, limit)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length >= limit)
                {
                    return (buffer, total);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, total);
            }

            total += read;
        }
    }

    /// <summary>The body decoded from the charset <paramref name="contentType"/> names, or <see langword="null"/> when .NET has no such charset.</summary>
    private static string? Transcode(ReadOnlySpan<byte> body, string contentType)
    {
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(CharsetOf(contentType).ToString());
        }
        catch (ArgumentException)
        {
            return null;
        }

        var preamble = encoding.Preamble;
        return encoding.GetString(!preamble.IsEmpty && body.StartsWith(preamble) ? body[preamble.Length..] : body);
    }

    /// <summary>Whether a raw <c>Content-Type</c> value names UTF-8 or no charset (JSON's default), without parsing it into objects.</summary>
    internal static bool IsUtf8OrUnnamed(string contentType)
    {
        var name = CharsetOf(contentType);
        return name.Length == 0 || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The charset a raw <c>Content-Type</c> value names, or empty.</summary>
    private static ReadOnlySpan<char> CharsetOf(string contentType)
    {
        foreach (var range in contentType.AsSpan().Split(';'))
        {
            var parameter = contentType.AsSpan(range).Trim();
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].TrimEnd().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                return parameter[(equals + 1)..].Trim().Trim('"');
            }
        }

        return [];
    }
}
