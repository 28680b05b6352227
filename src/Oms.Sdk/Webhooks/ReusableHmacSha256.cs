using System.Security.Cryptography;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// HMAC-SHA256 states for one key, keyed once and reset after each use. Hashing the signed content as two pieces
/// (prefix, then the body where it lies) needs an incremental HMAC; reusing keyed states makes that allocation-free
/// and cheaper than a one-shot HMAC, which keys a new state on every call. Thread-safe: each caller takes a state
/// from a small set of spares and puts it back; when all are in use a new one is made.
/// </summary>
internal sealed class ReusableHmacSha256(byte[] key)
{
    private readonly IncrementalHash?[] _spares = new IncrementalHash?[Math.Clamp(Environment.ProcessorCount, 2, 16)];

    /// <summary>Writes HMAC-SHA256(key, <paramref name="prefix"/> followed by <paramref name="body"/>) to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var start = Environment.CurrentManagedThreadId % _spares.Length;
        var hmac = Take(start) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        var reusable = false;
        try
        {
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            reusable = hmac.TryGetHashAndReset(destination, out var written) && written == HMACSHA256.HashSizeInBytes;
            if (!reusable)
            {
                throw new CryptographicException("HMAC-SHA256 did not produce a 32-byte MAC.");
            }
        }
        finally
        {
            // A state that failed mid-way is in an unknown state: drop it rather than reuse it.
            if (!reusable || !Give(start, hmac))
            {
                hmac.Dispose();
            }
        }
    }

    private IncrementalHash? Take(int start)
    {
        for (var i = 0; i < _spares.Length; i++)
        {
            if (Interlocked.Exchange(ref _spares[(start + i) % _spares.Length], null) is { } spare)
            {
                return spare;
            }
        }

        return null;
    }

    private bool Give(int start, IncrementalHash hmac)
    {
        for (var i = 0; i < _spares.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _spares[(start + i) % _spares.Length], hmac, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}
