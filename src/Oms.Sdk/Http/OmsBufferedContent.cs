using System.Net;
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

    private readonly byte[] _buffer;
    private readonly int _length;

    private OmsBufferedContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>
    /// Parses the body in place. Returns <see langword="false"/> when its <c>Content-Type</c> names a charset other
    /// than UTF-8: read it through <see cref="HttpContent"/> then, which transcodes.
    /// </summary>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public bool TryDeserialize<T>(JsonTypeInfo<T> typeInfo, out T? value)
    {
        if (Headers.NonValidated.TryGetValues("Content-Type", out var contentType) && !IsUtf8OrUnnamed(contentType.ToString()))
        {
            value = default;
            return false;
        }

        var body = _buffer.AsSpan(0, _length);
        value = JsonSerializer.Deserialize(body.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, typeInfo);
        return true;
    }

    /// <summary>
    /// Reads <paramref name="content"/> to its end and returns it buffered, with the same content headers; the original
    /// is disposed. A connection that fails mid-body surfaces as <see cref="HttpRequestException"/>, as
    /// <see cref="HttpContent.LoadIntoBufferAsync()"/> reports it, so the pipeline retries it as a transport failure.
    /// </summary>
    public static async Task<OmsBufferedContent> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using (content)
        {
            byte[] buffer;
            int length;
            try
            {
                var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    if (content.Headers.ContentLength is { } declared and <= MaxPresizedLength)
                    {
                        buffer = declared == 0 ? [] : new byte[declared];
                        length = (int)declared;
                        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var grown = new MemoryStream();
                        await stream.CopyToAsync(grown, cancellationToken).ConfigureAwait(false);
                        buffer = grown.GetBuffer();
                        length = (int)grown.Length;
                        if (content.Headers.ContentLength is { } expected && expected != length)
                        {
                            throw new EndOfStreamException($"The response declared {expected} bytes of body but {length} arrived.");
                        }
                    }
                }
            }
            catch (IOException e)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection closed before the whole response body arrived.", e);
            }

            // Copied as received, unparsed: parsing each header costs more than reading a small body.
            var buffered = new OmsBufferedContent(buffer, length);
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

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer, 0, _length);

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).AsTask();

    /// <inheritdoc />
    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer, 0, _length);

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(CreateStream());

    /// <inheritdoc />
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => CreateStream();

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
        foreach (var range in contentType.AsSpan().Split(';'))
        {
            var parameter = contentType.AsSpan(range).Trim();
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].TrimEnd().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var name = parameter[(equals + 1)..].Trim().Trim('"');
                return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
            }
        }

        return true;
    }
}
