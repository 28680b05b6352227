using System.Security.Cryptography;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>.NET Framework: the span-based HMAC members of .NET 6+ that the webhook code uses, over the array-based ones.</summary>
internal static class CryptographyPolyfills
{
    extension(HMACSHA256)
    {
        /// <summary>The size of an HMAC-SHA256 in bytes (32).</summary>
        public static int HashSizeInBytes => 32;

        /// <summary>HMAC-SHA256 of <paramref name="source"/> under <paramref name="key"/>.</summary>
        public static byte[] HashData(byte[] key, byte[] source)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(source);
        }

        /// <summary>HMAC-SHA256 of <paramref name="source"/> under <paramref name="key"/>.</summary>
        public static byte[] HashData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> source) => HMACSHA256.HashData(key.ToArray(), source.ToArray());
    }

    extension(IncrementalHash hash)
    {
        /// <summary>Appends <paramref name="data"/> (copied: .NET Framework takes arrays).</summary>
        public void AppendData(ReadOnlySpan<byte> data) => hash.AppendData(data.ToArray());

        /// <summary>Writes the hash to <paramref name="destination"/> and resets; false when it does not fit.</summary>
        public bool TryGetHashAndReset(Span<byte> destination, out int bytesWritten)
        {
            var result = hash.GetHashAndReset();
            if (result.Length > destination.Length)
            {
                bytesWritten = 0;
                return false;
            }

            result.CopyTo(destination);
            bytesWritten = result.Length;
            return true;
        }
    }
}
