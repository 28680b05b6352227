namespace Oms.Sdk.Testing.Control;

/// <summary>
/// The fake's HTTP controls, in one place: each route, its method, and what it does. Served under <see cref="Prefix"/>,
/// outside the API's version path, only when <see cref="FakeOmsServerOptions.EnableControlRoutes"/> is set (as
/// <c>oms fake</c> does), so that a test in any language can drive the fake over HTTP. docs/developing-locally.md documents them.
/// </summary>
internal static class FakeOmsControlRoutes
{
    /// <summary>No OMS route starts with an underscore, so nothing below this prefix can collide with the API.</summary>
    public const string Prefix = "/_fake/";

    public static readonly IReadOnlyList<FakeOmsControlRoute> All =
    [
        new(HttpMethod.Post, ["customers", "{customerId}", "endorsements", "{endorsement}", "grant"], FakeOmsControlAction.Grant),
        new(HttpMethod.Post, ["customers", "{customerId}", "endorsements", "{endorsement}", "reject"], FakeOmsControlAction.Reject),
        new(HttpMethod.Post, ["customers", "{customerId}", "status"], FakeOmsControlAction.SetStatus),
        new(HttpMethod.Post, ["faults"], FakeOmsControlAction.AddFault),
        new(HttpMethod.Delete, ["faults"], FakeOmsControlAction.ClearFaults),
        new(HttpMethod.Post, ["webhook-receivers"], FakeOmsControlAction.AddReceiver),
        new(HttpMethod.Delete, ["webhook-receivers"], FakeOmsControlAction.RemoveReceiver),
    ];

    /// <summary>Every route as <c>METHOD /_fake/…</c>, for the answer to a request that matches none.</summary>
    public static string Listed => string.Join(", ", All.Select(r => $"{r.Method} {Prefix}{string.Join('/', r.Segments)}"));

    /// <summary>Finds the route of a path below <see cref="Prefix"/>, with its <c>{…}</c> segments unescaped.</summary>
    public static (FakeOmsControlRoute Route, IReadOnlyList<string> Values)? Match(string method, string path)
    {
        var segments = path[Prefix.Length..].Split('/');
        foreach (var route in All)
        {
            if (route.Method.Method != method || route.Segments.Count != segments.Length)
            {
                continue;
            }

            var values = new List<string>();
            var matched = true;
            for (var i = 0; i < segments.Length && matched; i++)
            {
                if (route.Segments[i].StartsWith('{'))
                {
                    values.Add(Uri.UnescapeDataString(segments[i]));
                }
                else
                {
                    matched = route.Segments[i] == segments[i];
                }
            }

            if (matched)
            {
                return (route, values);
            }
        }

        return null;
    }
}

/// <summary>One control route: method, path segments below the prefix (<c>{name}</c> for a value), and its action.</summary>
internal sealed record FakeOmsControlRoute(HttpMethod Method, IReadOnlyList<string> Segments, FakeOmsControlAction Action);

/// <summary>What a control route does; each maps to a public method of <see cref="FakeOmsServer"/>.</summary>
internal enum FakeOmsControlAction
{
    Grant,
    Reject,
    SetStatus,
    AddFault,
    ClearFaults,
    AddReceiver,
    RemoveReceiver,
}
