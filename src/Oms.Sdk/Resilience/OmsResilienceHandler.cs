using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Http;
using Polly;

namespace Oms.Sdk.Resilience;

/// <summary>
/// Runs each request through the SDK's resilience pipeline (<see cref="OmsResiliencePipeline"/>): the handlers below it
/// run once per attempt, which it counts on the call. A small Polly.Core handler in place of Microsoft.Extensions.Http.Resilience, which brought ten
/// more packages for the same few lines (docs/dependencies.md).
/// </summary>
internal sealed class OmsResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OmsResiliencePipeline.RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendAttemptAsync(state.Request, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt: counted on the call, logged at Debug, then sent down the chain.</summary>
    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (OmsCallContext.From(request) is { } call)
        {
            call.OnAttempt();
            if (logger.IsEnabled(LogLevel.Debug))
            {
                OmsLog.Attempt(logger, call.Operation, call.Attempts, request.Method.Method, request.RequestUri?.AbsolutePath);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
