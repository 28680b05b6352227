using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary>Every route the fake serves, in one place: method, path and the endpoint that answers it.</summary>
internal static class FakeOmsRoutes
{
    public const string TokenPath = "/auth/token";
    public const string CustomersPath = "/customers";
    public const string CustomerPathPrefix = "/customers/";

    public static IReadOnlyList<FakeOmsRoute> All(TokenAuthority tokens, CustomerBook book) =>
    [
        new(HttpMethod.Post, TokenPath, new TokenEndpoint(tokens)) { Anonymous = true },
        new(HttpMethod.Post, CustomersPath, new CreateCustomerEndpoint(book)) { DropAfterSuccess = FaultKind.DropAfterCreate },
        new(HttpMethod.Get, CustomersPath, new ListCustomersEndpoint(book)),
        new(HttpMethod.Get, CustomerPathPrefix, new GetCustomerEndpoint(book)) { IsItem = true },
        new(HttpMethod.Patch, CustomerPathPrefix, new UpdateCustomerEndpoint(book)) { IsItem = true, DropAfterSuccess = FaultKind.DropAfterUpdate },
    ];
}

/// <summary>One route of the fake.</summary>
/// <param name="Method">The HTTP method it answers.</param>
/// <param name="Path">The path below the version prefix; for an item route, the prefix before the item id.</param>
/// <param name="Endpoint">What answers it.</param>
internal sealed record FakeOmsRoute(HttpMethod Method, string Path, IFakeOmsEndpoint Endpoint)
{
    /// <summary>Whether <see cref="Path"/> is followed by an item id, which the endpoint reads from the raw path.</summary>
    public bool IsItem { get; init; }

    /// <summary>Whether the route takes no bearer token (only the token exchange).</summary>
    public bool Anonymous { get; init; }

    /// <summary>The fault that may close the connection after a successful answer was decided (the mutation stored).</summary>
    public FaultKind? DropAfterSuccess { get; init; }

    /// <summary>Whether <see cref="Path"/> is a template whose segments in braces match any one segment (a route a test added).</summary>
    public bool Template { get; init; }

    /// <summary>Whether an (unescaped) path below the version prefix belongs to this route.</summary>
    public bool Matches(string path) =>
        Template ? MatchesTemplate(path) : IsItem ? path.StartsWith(Path, StringComparison.Ordinal) : path == Path;

    private bool MatchesTemplate(string path)
    {
        var want = Path.Split('/');
        var got = path.Split('/');
        if (want.Length != got.Length)
        {
            return false;
        }

        for (var i = 0; i < want.Length; i++)
        {
            var placeholder = want[i] is ['{', .., '}'];
            if (placeholder ? got[i].Length == 0 : !string.Equals(want[i], got[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Answers one route from a request, free of WireMock types. Authentication and faults are handled before it.</summary>
internal interface IFakeOmsEndpoint
{
    FakeOmsReply Handle(FakeOmsCall call);
}
