using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Oms.Sdk.Http;

/// <summary>
/// An OMS answer's body, read whole inside the attempt that received it (see <see cref="Auth.BearerTokenHandler"/>).
/// Serves its bytes like any buffered content, and lets the client parse them in place with no stream and no copy.
/// </summary>
internal sealed class OmsBufferedContent : HttpContent
{
    /// <summary>Bodies that declare a length up to this are read into an array of exactly that size; larger ones grow as they arrive.</summary>
    private const int MaxPresizedLength = 1024 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Of an error answer only this much is read: the error mapping keeps 4,096 characters of it.</summary>
    internal const int MaxErrorBodySize = 64 * 1024;

    /// <summary>Where a body with no declared length starts; it doubles from here as bytes arrive.</summary>
    private const int InitialBufferSize = 16 * 1024;

    private readonly byte[] _buffer;
    private readonly int _length;
    private readonly OmsCallContext? _call;
    private readonly HttpStatusCode _status;

    private OmsBufferedContent(byte[] buffer, int length, OmsCallContext? call, HttpStatusCode status)
    {
        _buffer = buffer;
        _length = length;
        _call = call;
        _status = status;
    }

    /// <summary>
    /// Parses the body, in place when it is UTF-8 (or names no charset, JSON's default), transcoded otherwise.
    /// Always returns <see langword="true"/>: kept in this shape for the callers that fall back to <see cref="HttpContent"/>.
    /// </summary>
    /// <exception cref="OmsUnexpectedResponseException">
    /// The body is not JSON of the expected shape, names a charset .NET cannot read, or repeats a property. The message
    /// says where the parser stopped (line, byte, JSON path), what shape was expected and the content type, and never
    /// quotes the body; the parser's own exception, whose message can quote it, is not kept.
    /// </exception>
    public bool TryDeserialize<T>(JsonTypeInfo<T> typeInfo, out T? value)
    {
        var body = _buffer.AsSpan(0, _length);
        try
        {
            if (Headers.NonValidated.TryGetValues("Content-Type", out var contentType) && !IsUtf8OrUnnamed(contentType.ToString()))
            {
                value = JsonSerializer.Deserialize(
                    Transcode(body, contentType.ToString()) ?? throw OmsTransportGuard.UnreadableCharset(_call, _status, contentType.ToString()),
                    typeInfo);
                return true;
            }

            value = JsonSerializer.Deserialize(body.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, typeInfo);
            return true;
        }
        catch (JsonException e)
        {
            throw OmsTransportGuard.NotTheExpectedJson(_call, _status, ContentTypeOf(this), _length, typeInfo.Type, e);
        }
    }

    /// <summary>
    /// Reads <paramref name="response"/>'s body to its end (at most <paramref name="maxBodySize"/> decoded bytes) and puts it
    /// back buffered, with the same content headers; the original content is disposed. A success answer larger than the
    /// limit, declared or streamed, is refused with an <see cref="OmsUnexpectedResponseException"/> (not retried) before
    /// more than the limit plus one read is held; an error answer is cut to its first <see cref="MaxErrorBodySize"/> bytes
    /// instead, so its status still counts. A connection that fails mid-body surfaces as <see cref="HttpRequestException"/>,
    /// as <see cref="HttpContent.LoadIntoBufferAsync()"/> reports it, so the pipeline retries it as a transport failure.
    /// </summary>
    public static async Task<OmsBufferedContent> ReadAsync(HttpResponseMessage response, long maxBodySize, OmsCallContext? call, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var status = response.StatusCode;
        var isError = !response.IsSuccessStatusCode;
        var cap = isError ? Math.Min(maxBodySize, MaxErrorBodySize) : maxBodySize;
        using (content)
        {
            var declared = content.Headers.ContentLength;
            if (!isError && declared > maxBodySize)
            {
                throw OmsTransportGuard.TooLarge(call, status, maxBodySize, declared);
            }

            byte[] buffer;
            int length;
            try
            {
                var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    if (declared is { } exact and <= MaxPresizedLength && exact <= cap)
                    {
                        buffer = exact == 0 ? [] : new byte[exact];
                        length = (int)exact;
                        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        (buffer, length) = await ReadBoundedAsync(stream, cap, declared, cancellationToken).ConfigureAwait(false);
                        if (length > cap)
                        {
                            if (!isError)
                            {
                                throw OmsTransportGuard.TooLarge(call, status, maxBodySize, declared: null);
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
                throw OmsTransportGuard.Undecodable(call, status, content.Headers.ContentEncoding);
            }

            // Copied as received, unparsed: parsing each header costs more than reading a small body.
            var buffered = new OmsBufferedContent(buffer, length, call, status);
            foreach (var header in content.Headers.NonValidated)
            {
                if (header.Value.Count == 1)
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
                    continue;
                }

                foreach (var value in header.Value)
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, value);
                }
            }

            return buffered;
        }
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

    private static string? ContentTypeOf(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer, 0, _length);

#if !NETFRAMEWORK // .NET 5+ virtuals; .NET Framework has only the two overloads beside them, which serve the same bytes.
    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).AsTask();

    /// <inheritdoc />
    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer, 0, _length);

#endif

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(CreateStream());

#if !NETFRAMEWORK
    /// <inheritdoc />
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => CreateStream();
#endif

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    private Stream CreateStream() => new MemoryStream(_buffer, 0, _length, writable: false);

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
