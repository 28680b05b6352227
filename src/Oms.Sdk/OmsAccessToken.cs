using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>An OMS bearer token and when it expires. <see cref="ToString"/> never prints the token.</summary>
/// <param name="Value">The token itself.</param>
/// <param name="ExpiresAt">When OMS stops accepting it.</param>
public sealed record OmsAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes the token without its value.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"OmsAccessToken {{ Value = {Redacted.Text}, ExpiresAt = {ExpiresAt:O} }}";
}
