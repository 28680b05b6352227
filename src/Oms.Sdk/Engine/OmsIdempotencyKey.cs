namespace Oms.Sdk.Engine;

/// <summary>The <c>Idempotency-Key</c> of a call: the caller's, checked, or a new UUID. One per logical call, the same on every attempt.</summary>
internal static class OmsIdempotencyKey
{
    /// <summary>The header that carries it.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key the OMS contract allows.</summary>
    public const int MaxLength = 255;

    /// <summary>Returns <paramref name="key"/> if it is a valid key, a new UUID if it is <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty, blank, longer than <see cref="MaxLength"/> or not printable ASCII.</exception>
    public static string ValidateOrCreate(string? key)
    {
        if (key is null)
        {
            return Guid.NewGuid().ToString();
        }

        if (key.Length == 0 || key.Length > MaxLength || string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"The idempotency key must be 1 to {MaxLength} characters and not blank.", nameof(key));
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                throw new ArgumentException("The idempotency key must be printable ASCII without spaces (a UUID is a good choice).", nameof(key));
            }
        }

        return key;
    }
}
