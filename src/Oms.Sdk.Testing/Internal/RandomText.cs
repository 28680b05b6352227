using System.Security.Cryptography;

namespace Oms.Sdk.Testing.Internal;

/// <summary>Random identifiers and secrets for the fake: cryptographically random, so tests never collide.</summary>
internal static class RandomText
{
    private const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Base62(int length) => RandomNumberGenerator.GetString(Base62Alphabet, length);

    public static string Hex(int length) => RandomNumberGenerator.GetHexString(length, lowercase: true);
}
