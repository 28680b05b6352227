using System.Collections.Concurrent;
using System.Reflection;

namespace Oms.Sdk.Tests.Shared;

/// <summary>
/// What a classic ASP.NET, WinForms or WPF caller does: blocks (<c>.GetAwaiter().GetResult()</c>) on an SDK call from a
/// thread whose <see cref="SynchronizationContext"/> runs work only on that thread. An await in the SDK that captured the
/// context would post its continuation to the blocked thread and never finish. Compiled into tests/Oms.Sdk.Tests, the
/// .NET Framework tests and the runtime smoke, so every runtime runs the same list.
/// </summary>
internal static class BlockingCallers
{
    /// <summary>
    /// Every public async operation of <see cref="IOmsClient"/> and <see cref="ICustomersClient"/>, each overload once,
    /// named as <see cref="Name(MethodInfo)"/> names it, blocked on. <paramref name="customerId"/> must hold the basic endorsement.
    /// </summary>
    public static IReadOnlyList<(string Name, Func<object> Call)> EveryPublicAsyncOperation(IOmsClient client, string customerId)
    {
        var customers = client.Customers;
        var update = new UpdateCustomerRequest { Email = "blocking@example.com" };
        var none = CancellationToken.None;
        return
        [
            ("ICustomersClient.CreateAsync(CreateCustomerRequest, String, OmsRequestOptions, CancellationToken)", () => customers.CreateAsync(new CreateCustomerRequest()).GetAwaiter().GetResult()),
            ("ICustomersClient.CreateAsync(CreateCustomerRequest, String, CancellationToken)", () => customers.CreateAsync(new CreateCustomerRequest(), null, none).GetAwaiter().GetResult()),
            ("ICustomersClient.CreateWithResponseAsync(CreateCustomerRequest, String, OmsRequestOptions, CancellationToken)", () => customers.CreateWithResponseAsync(new CreateCustomerRequest()).GetAwaiter().GetResult()),
            ("ICustomersClient.CreateWithResponseAsync(CreateCustomerRequest, String, CancellationToken)", () => customers.CreateWithResponseAsync(new CreateCustomerRequest(), null, none).GetAwaiter().GetResult()),
            ("ICustomersClient.GetAsync(String, OmsRequestOptions, CancellationToken)", () => customers.GetAsync(customerId).GetAwaiter().GetResult()),
            ("ICustomersClient.GetAsync(String, CancellationToken)", () => customers.GetAsync(customerId, none).GetAwaiter().GetResult()),
            ("ICustomersClient.GetWithResponseAsync(String, OmsRequestOptions, CancellationToken)", () => customers.GetWithResponseAsync(customerId).GetAwaiter().GetResult()),
            ("ICustomersClient.WaitForEndorsementAsync(String, Endorsement, OmsWaitOptions, CancellationToken)", () => customers.WaitForEndorsementAsync(customerId, Endorsement.Basic).GetAwaiter().GetResult()),
            ("ICustomersClient.UpdateAsync(String, UpdateCustomerRequest, String, OmsRequestOptions, CancellationToken)", () => customers.UpdateAsync(customerId, update).GetAwaiter().GetResult()),
            ("ICustomersClient.UpdateAsync(String, UpdateCustomerRequest, String, CancellationToken)", () => customers.UpdateAsync(customerId, update, null, none).GetAwaiter().GetResult()),
            ("ICustomersClient.UpdateWithResponseAsync(String, UpdateCustomerRequest, String, OmsRequestOptions, CancellationToken)", () => customers.UpdateWithResponseAsync(customerId, update).GetAwaiter().GetResult()),
            ("ICustomersClient.UpdateWithResponseAsync(String, UpdateCustomerRequest, String, CancellationToken)", () => customers.UpdateWithResponseAsync(customerId, update, null, none).GetAwaiter().GetResult()),
            ("ICustomersClient.ListAsync(ListCustomersOptions, OmsRequestOptions, CancellationToken)", () => customers.ListAsync().GetAwaiter().GetResult()),
            ("ICustomersClient.ListAsync(ListCustomersOptions, CancellationToken)", () => customers.ListAsync(null, none).GetAwaiter().GetResult()),
            ("ICustomersClient.ListWithResponseAsync(ListCustomersOptions, OmsRequestOptions, CancellationToken)", () => customers.ListWithResponseAsync().GetAwaiter().GetResult()),
            ("ICustomersClient.ListAllAsync(ListCustomersOptions, OmsRequestOptions, CancellationToken)", () => Drain(customers.ListAllAsync())),
            ("ICustomersClient.ListAllAsync(ListCustomersOptions, CancellationToken)", () => Drain(customers.ListAllAsync(null, none))),
            ("IOmsClient.SendAsync(OmsRequest, CancellationToken)", () => client.SendAsync(new OmsRequest(HttpMethod.Get, "customers/" + customerId)).GetAwaiter().GetResult()),
        ];
    }

    /// <summary>How <see cref="EveryPublicAsyncOperation"/> names a method: its type, name and parameter types.</summary>
    public static string Name(MethodInfo method) =>
        method.DeclaringType!.Name + "." + method.Name + "(" + string.Join(", ", method.GetParameters().Select(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).Name)) + ")";

    /// <summary>The public methods of the client interfaces that return a task or an async stream.</summary>
    public static IEnumerable<MethodInfo> PublicAsyncMethods() =>
        new[] { typeof(IOmsClient), typeof(ICustomersClient) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || (m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)));

    /// <summary>
    /// Runs <paramref name="call"/> on a new thread whose context runs posted work only on that thread, and returns what
    /// it returned and how many continuations were posted to the context (any is a captured context). A call that has not
    /// finished after <paramref name="limit"/> is reported as deadlocked: the test does not hang.
    /// </summary>
    public static (object? Result, int Posts) Run(Func<object> call, TimeSpan limit)
    {
        var context = new SingleThreadedContext();
        object? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                result = call();
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        { IsBackground = true };
        thread.Start();
        if (!thread.Join(limit))
        {
            throw new TimeoutException($"The blocking call had not finished after {limit.TotalSeconds} s: an await in the SDK captured the single-threaded context ({context.Posts} continuation(s) posted to it).");
        }

        return error is null ? (result, context.Posts) : throw new InvalidOperationException("The blocking call failed: " + error.Message, error);
    }

    private static int Drain(IAsyncEnumerable<Customer> customers)
    {
        var count = 0;
        var walk = customers.GetAsyncEnumerator();
        try
        {
            while (walk.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                count++;
            }
        }
        finally
        {
            walk.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return count;
    }

    /// <summary>A context with one thread, the blocked one: posted work waits in a queue no one drains, as under a UI thread.</summary>
    private sealed class SingleThreadedContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback, object?)> _posted = new();
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            _posted.Enqueue((d, state));
        }

        public override SynchronizationContext CreateCopy() => this;
    }
}
