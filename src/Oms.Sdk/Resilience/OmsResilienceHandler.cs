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
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OmsResiliencePipeline.RequestKey, request);
        ValueTask<Outcome<HttpResponseMessage>> running;
        try
        {
            running = pipeline.ExecuteOutcomeAsync(static (context, state) => state.Handler.AttemptAsync(state.Request, context), context, (Handler: this, Request: request));
        }
        catch (Exception e)
        {
            ResilienceContextPool.Shared.Return(context);
            return Task.FromException<HttpResponseMessage>(e);
        }

        if (!running.IsCompletedSuccessfully)
        {
            return CompleteAsync(running, context);
        }

        // Completed at once (an in-memory handler, a test's). Its result is read once, here: a failure goes on as that
        // outcome, not as the same ValueTask awaited a second time.
        var outcome = running.Result;
        if (outcome is not { Exception: null, Result: { } answer })
        {
            return CompleteAsync(new ValueTask<Outcome<HttpResponseMessage>>(outcome), context);
        }

        // No state machine of this handler's.
        ResilienceContextPool.Shared.Return(context);
        return Task.FromResult(answer);
    }

    private static async Task<HttpResponseMessage> CompleteAsync(ValueTask<Outcome<HttpResponseMessage>> running, ResilienceContext context)
    {
        try
        {
            var outcome = await running.ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt as the pipeline runs it: its answer or its failure, as an outcome.</summary>
    private ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, ResilienceContext context)
    {
        Task<HttpResponseMessage> sending;
        try
        {
            sending = SendAttemptAsync(request, context.CancellationToken);
        }
        catch (Exception ex)
        {
            return new(Outcome.FromException<HttpResponseMessage>(ex));
        }

        if (sending.Status == TaskStatus.RanToCompletion)
        {
            return new(Outcome.FromResult(sending.Result));
        }

        return AwaitAttemptAsync(sending, context);
    }

    private static async ValueTask<Outcome<HttpResponseMessage>> AwaitAttemptAsync(Task<HttpResponseMessage> sending, ResilienceContext context)
    {
        try
        {
            return Outcome.FromResult(await sending.ConfigureAwait(context.ContinueOnCapturedContext));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
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
