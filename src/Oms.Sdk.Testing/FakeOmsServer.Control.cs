using System.Net;
using System.Text.Json;
using Oms.Sdk.Testing.Control;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>The HTTP controls under <c>/_fake/</c>: the public methods of this class, reachable from a test in any language.</summary>
public sealed partial class FakeOmsServer
{
    /// <summary>
    /// Where the fake's HTTP controls are served (<c>http://127.0.0.1:{port}/_fake/</c>) when
    /// <see cref="FakeOmsServerOptions.EnableControlRoutes"/> is set; otherwise <see langword="null"/>.
    /// </summary>
    public Uri? ControlAddress { get; }

    /// <summary>Answers one control request; a bad request gets a 4xx naming the problem, never an exception.</summary>
    private async Task<FakeOmsReply> AnswerControlAsync(FakeOmsCall call)
    {
        if (FakeOmsControlRoutes.Match(call.Method, call.Path) is not var (route, values))
        {
            return FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, $"No fake control {call.Method} {call.Path}. The controls: {FakeOmsControlRoutes.Listed}.");
        }

        try
        {
            using var body = ControlBody.Read(call.Body);
            switch (route.Action)
            {
                case FakeOmsControlAction.Grant:
                    RequireCustomer(values[0]);
                    var granted = await GrantEndorsementAsync(values[0], ControlBody.Endorsement(values[1]), _stopping.Token).ConfigureAwait(false);
                    return FakeOmsReply.Json(HttpStatusCode.OK, WireJson.ControlEvent(granted));
                case FakeOmsControlAction.Reject:
                    RequireCustomer(values[0]);
                    var rejected = await RejectEndorsementAsync(values[0], ControlBody.Endorsement(values[1]), body.OptionalStrings("reasons"), _stopping.Token).ConfigureAwait(false);
                    return FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Customer(_book.Find(rejected.Id)!));
                case FakeOmsControlAction.SetStatus:
                    var status = body.RequiredString("status") switch
                    {
                        "active" => CustomerStatus.Active,
                        "inactive" => CustomerStatus.Inactive,
                        var other => throw new ArgumentException($"\"status\" must be \"active\" or \"inactive\", not \"{other}\"."),
                    };
                    RequireCustomer(values[0]);
                    return FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Customer(_book.Update(values[0], c => c with { Status = status })));
                case FakeOmsControlAction.AddFault:
                    AddControlFault(body);
                    return FakeOmsReply.Json(HttpStatusCode.OK, call.Body);
                case FakeOmsControlAction.ClearFaults:
                    ClearFaults();
                    return FakeOmsReply.Json(HttpStatusCode.OK, "{}"u8.ToArray());
                case FakeOmsControlAction.AddReceiver:
                    AddWebhookReceiver(body.RequiredUrl("url"));
                    return FakeOmsReply.Json(HttpStatusCode.OK, call.Body);
                default:
                    var removed = RemoveWebhookReceiver(body.RequiredUrl("url"));
                    return removed
                        ? FakeOmsReply.Json(HttpStatusCode.OK, call.Body)
                        : FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, "That URL is not a registered webhook receiver.");
            }
        }
        catch (KeyNotFoundException e)
        {
            return FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, e.Message);
        }
    }

    private void RequireCustomer(string customerId)
    {
        if (_book.Find(customerId) is null)
        {
            throw new KeyNotFoundException($"The fake OMS holds no customer with id '{customerId}'.");
        }
    }

    /// <summary>Turns <c>{"kind": …}</c> into a call of the matching fault method.</summary>
    private void AddControlFault(ControlBody body)
    {
        var count = body.OptionalInt("count") ?? 1;
        var method = body.OptionalString("method") is { } name ? new HttpMethod(name.ToUpperInvariant()) : null;
        var pathPrefix = body.OptionalString("pathPrefix");
        switch (body.RequiredString("kind"))
        {
            case "fail":
                FailNext(count, (HttpStatusCode)(body.OptionalInt("status") ?? 503), body.OptionalString("body"), method, pathPrefix);
                break;
            case "rateLimit":
                RateLimitNext(count, TimeSpan.FromSeconds(body.OptionalInt("retryAfterSeconds") ?? 0), method, pathPrefix);
                break;
            case "delay":
                DelayNext(count, TimeSpan.FromMilliseconds(body.OptionalInt("delayMilliseconds") ?? throw new ArgumentException("A \"delay\" fault needs \"delayMilliseconds\".")), method, pathPrefix);
                break;
            case "drop":
                DropConnectionNext(count, method, pathPrefix);
                break;
            case "dropAfterCreate":
                DropConnectionAfterCreateNext(count);
                break;
            case "dropAfterUpdate":
                DropConnectionAfterUpdateNext(count);
                break;
            case "random":
                InjectRandomFaults(body.OptionalDouble("rate") ?? throw new ArgumentException("A \"random\" fault needs \"rate\" (0 to 1)."), body.OptionalInt("seed") ?? 2026);
                break;
            case var other:
                throw new ArgumentException($"Unknown fault kind \"{other}\": use fail, rateLimit, delay, drop, dropAfterCreate, dropAfterUpdate or random.");
        }
    }
}
