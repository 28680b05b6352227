using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;

namespace Oms.Sdk.Diagnostics;

/// <summary>
/// The structured state of the failed-call warning: a message template and its values holding only the fields that are
/// known, so that neither the rendered text nor a template-rendering sink shows "status , error code ,".
/// </summary>
internal sealed class OperationFailedState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _values = new(8);
    private readonly string _message;

    public OperationFailedState(string operation, int attempts, string errorType, HttpStatusCode? statusCode, string? errorCode, string? requestId, string? idempotencyKey)
    {
        var template = new StringBuilder("{Operation} failed after {Attempts} attempt(s): {ErrorType}");
        var message = new StringBuilder().Append(FormattableString.Invariant($"{operation} failed after {attempts} attempt(s): {errorType}"));
        _values.Add(new("Operation", operation));
        _values.Add(new("Attempts", attempts));
        _values.Add(new("ErrorType", errorType));
        Add(template, message, "status", "StatusCode", statusCode);
        Add(template, message, "error code", "ErrorCode", string.IsNullOrEmpty(errorCode) ? null : errorCode);
        Add(template, message, "request id", "RequestId", string.IsNullOrEmpty(requestId) ? null : requestId);
        Add(template, message, "idempotency key", "IdempotencyKey", string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey);
        _values.Add(new("{OriginalFormat}", template.ToString()));
        _message = message.ToString();
    }

    public int Count => _values.Count;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message;

    private void Add(StringBuilder template, StringBuilder message, string label, string name, object? value)
    {
        if (value is null)
        {
            return;
        }

        template.Append(", ").Append(label).Append(" {").Append(name).Append('}');
        message.Append(", ").Append(label).Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        _values.Add(new(name, value));
    }
}
