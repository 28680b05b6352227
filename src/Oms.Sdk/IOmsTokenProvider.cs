namespace Oms.Sdk;

/// <summary>
/// Supplies OMS bearer tokens, for applications that manage tokens themselves
/// (set <see cref="OmsClientOptions.TokenProvider"/>). The SDK calls it before every attempt, so cache inside.
/// </summary>
public interface IOmsTokenProvider
{
    /// <summary>Returns a token to send as <c>Authorization: Bearer</c>.</summary>
    /// <param name="forceRefresh"><see langword="true"/> when OMS just refused the previous token with 401: return a new one.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The access token.</returns>
    ValueTask<OmsAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
