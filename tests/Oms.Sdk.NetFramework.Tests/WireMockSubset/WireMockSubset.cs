// The part of WireMock.Net's API that tests/Oms.Sdk.Tests uses, served by HttpListener, so that the same test files
// run on .NET Framework (Mono here). WireMock.Net's own .NET Framework build runs on ASP.NET Core 2.2, whose packages
// this machine's feed does not serve (System.Security.Cryptography.Algorithms 4.3.1), and ASP.NET Core is what the
// .NET Framework leg leaves out. Semantics follow WireMock.Net where the tests rely on them: a path pattern with `*`
// is a wildcard, header values compare case-insensitively, among matching mappings the one added last answers,
// scenario mappings match on the scenario's current state (none before the first transition), and a request no
// mapping matches gets 404 with WireMock.Net's body.
#nullable enable
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Settings;
using WireMock.Util;

namespace WireMock
{
    /// <summary>A recorded request, as WireMock.Net's <c>IRequestMessage</c>.</summary>
    public interface IRequestMessage
    {
        string AbsolutePath { get; }

        string AbsoluteUrl { get; }

        string Method { get; }

        string? Body { get; }

        byte[]? BodyAsBytes { get; }

        DateTime DateTime { get; }

        IDictionary<string, WireMockList<string>>? Headers { get; }

        IDictionary<string, WireMockList<string>>? Query { get; }
    }

    /// <summary>An answer built by a callback, as WireMock.Net's <c>ResponseMessage</c>.</summary>
    public sealed class ResponseMessage
    {
        public object? StatusCode { get; set; }

        public IDictionary<string, WireMockList<string>>? Headers { get; set; }

        public BodyData? BodyData { get; set; }
    }

    internal sealed class RequestMessage : IRequestMessage
    {
        public string AbsolutePath { get; init; } = "";

        public string AbsoluteUrl { get; init; } = "";

        public string Method { get; init; } = "";

        public string? Body { get; init; }

        public byte[]? BodyAsBytes { get; init; }

        public DateTime DateTime { get; init; }

        public IDictionary<string, WireMockList<string>>? Headers { get; init; }

        public IDictionary<string, WireMockList<string>>? Query { get; init; }
    }
}

namespace WireMock.Util
{
    /// <summary>A list of values (header or query parameter), as WireMock.Net's.</summary>
    public sealed class WireMockList<T> : List<T>
    {
        public WireMockList()
        {
        }

        public WireMockList(IEnumerable<T> values)
            : base(values)
        {
        }
    }

    /// <summary>A callback's body, as WireMock.Net's.</summary>
    public sealed class BodyData
    {
        public string? BodyAsString { get; set; }

        public byte[]? BodyAsBytes { get; set; }

        public WireMock.Types.BodyType DetectedBodyType { get; set; }
    }
}

namespace WireMock.Types
{
    public enum BodyType
    {
        None,
        String,
        Bytes,
    }
}

namespace WireMock.Matchers
{
    public enum MatchBehaviour
    {
        AcceptOnMatch,
        RejectOnMatch,
    }
}

namespace WireMock.Logging
{
    /// <summary>One request the server received.</summary>
    public interface ILogEntry
    {
        IRequestMessage? RequestMessage { get; }
    }

    internal sealed class LogEntry(IRequestMessage request) : ILogEntry
    {
        public IRequestMessage? RequestMessage { get; } = request;
    }
}

namespace WireMock.Settings
{
    public sealed class WireMockServerSettings
    {
        public string[]? Urls { get; set; }
    }
}

namespace WireMock.RequestBuilders
{
    public interface IRequestBuilder
    {
        IRequestBuilder WithPath(string path);

        IRequestBuilder UsingGet();

        IRequestBuilder UsingPost();

        IRequestBuilder UsingPatch();

        IRequestBuilder UsingMethod(params string[] methods);

        IRequestBuilder UsingAnyMethod();

        IRequestBuilder WithHeader(string name, string pattern);

        IRequestBuilder WithParam(string key, params string[] values);

        IRequestBuilder WithParam(string key, MatchBehaviour matchBehaviour);
    }

    public sealed class Request : IRequestBuilder
    {
        private readonly List<Func<IRequestMessage, bool>> _conditions = [];

        private Request()
        {
        }

        public static IRequestBuilder Create() => new Request();

        internal bool Matches(IRequestMessage request) => _conditions.TrueForAll(c => c(request));

        public IRequestBuilder WithPath(string path) => Add(r => Wildcard(path, ignoreCase: false).IsMatch(r.AbsolutePath));

        public IRequestBuilder UsingGet() => UsingMethod("GET");

        public IRequestBuilder UsingPost() => UsingMethod("POST");

        public IRequestBuilder UsingPatch() => UsingMethod("PATCH");

        public IRequestBuilder UsingMethod(params string[] methods) =>
            Add(r => Array.Exists(methods, m => string.Equals(m, r.Method, StringComparison.OrdinalIgnoreCase)));

        public IRequestBuilder UsingAnyMethod() => this;

        public IRequestBuilder WithHeader(string name, string pattern) =>
            Add(r => r.Headers is { } headers && headers.TryGetValue(name, out var values) && values.Exists(v => Wildcard(pattern, ignoreCase: true).IsMatch(v)));

        public IRequestBuilder WithParam(string key, params string[] values) =>
            Add(r => r.Query is { } query && query.TryGetValue(key, out var sent) && Array.TrueForAll(values, sent.Contains));

        public IRequestBuilder WithParam(string key, MatchBehaviour matchBehaviour)
        {
            bool Present(IRequestMessage r) => r.Query is { } query && query.ContainsKey(key);
            return Add(r => matchBehaviour == MatchBehaviour.AcceptOnMatch ? Present(r) : !Present(r));
        }

        private Request Add(Func<IRequestMessage, bool> condition)
        {
            _conditions.Add(condition);
            return this;
        }

        private static Regex Wildcard(string pattern, bool ignoreCase) =>
            new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
    }
}

namespace WireMock.ResponseBuilders
{
    public interface IResponseBuilder
    {
        IResponseBuilder WithStatusCode(int code);

        IResponseBuilder WithStatusCode(HttpStatusCode code);

        IResponseBuilder WithHeader(string name, params string[] values);

        IResponseBuilder WithBody(string body);

        IResponseBuilder WithBody(byte[] body);

        IResponseBuilder WithDelay(TimeSpan delay);

        IResponseBuilder WithDelay(int milliseconds);

        IResponseBuilder WithCallback(Func<IRequestMessage, ResponseMessage> callback);
    }

    public sealed class Response : IResponseBuilder
    {
        private int _status = 200;
        private readonly List<(string Name, string[] Values)> _headers = [];
        private byte[]? _body;
        private Func<IRequestMessage, ResponseMessage>? _callback;

        private Response()
        {
        }

        internal TimeSpan Delay { get; private set; }

        public static IResponseBuilder Create() => new Response();

        public IResponseBuilder WithStatusCode(int code)
        {
            _status = code;
            return this;
        }

        public IResponseBuilder WithStatusCode(HttpStatusCode code) => WithStatusCode((int)code);

        public IResponseBuilder WithHeader(string name, params string[] values)
        {
            _headers.Add((name, values));
            return this;
        }

        public IResponseBuilder WithBody(string body) => WithBody(Encoding.UTF8.GetBytes(body));

        public IResponseBuilder WithBody(byte[] body)
        {
            _body = body;
            return this;
        }

        public IResponseBuilder WithDelay(TimeSpan delay)
        {
            Delay = delay;
            return this;
        }

        public IResponseBuilder WithDelay(int milliseconds) => WithDelay(TimeSpan.FromMilliseconds(milliseconds));

        public IResponseBuilder WithCallback(Func<IRequestMessage, ResponseMessage> callback)
        {
            _callback = callback;
            return this;
        }

        internal (int Status, List<(string Name, string[] Values)> Headers, byte[]? Body) Answer(IRequestMessage request)
        {
            if (_callback is null)
            {
                return (_status, _headers, _body);
            }

            var message = _callback(request);
            var headers = message.Headers?.Select(h => (h.Key, h.Value.ToArray())).ToList() ?? [];
            var body = message.BodyData?.BodyAsBytes ?? (message.BodyData?.BodyAsString is { } text ? Encoding.UTF8.GetBytes(text) : null);
            return (Convert.ToInt32(message.StatusCode ?? 200, System.Globalization.CultureInfo.InvariantCulture), headers, body);
        }
    }
}

namespace WireMock.Server
{
    /// <summary>What <see cref="WireMockServer.Given"/> returns: scenario conditions, then the answer.</summary>
    public interface IRespondWithAProvider
    {
        IRespondWithAProvider InScenario(string scenario);

        IRespondWithAProvider WhenStateIs(string state);

        IRespondWithAProvider WillSetStateTo(string state);

        void RespondWith(IResponseBuilder response);
    }

    /// <summary>A stub HTTP server on 127.0.0.1 with WireMock.Net's API (the subset the tests use).</summary>
    public sealed class WireMockServer
    {
        private readonly HttpListener _listener;
        private readonly CancellationTokenSource _stopping = new();
        private readonly object _gate = new();
        private readonly List<Mapping> _mappings = [];
        private readonly Dictionary<string, string?> _states = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<ILogEntry> _log = new();
        private long _order;

        private WireMockServer(HttpListener listener, string url)
        {
            _listener = listener;
            Urls = [url];
            _ = Task.Run(AcceptAsync);
        }

        public string[] Urls { get; }

        public IEnumerable<ILogEntry> LogEntries => _log.ToArray();

        public static WireMockServer Start(WireMockServerSettings? settings = null)
        {
            // HttpListener takes no port 0: take a free one from the system, and try again if another process won it.
            for (var attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var url = $"http://127.0.0.1:{port}";
                var listener = new HttpListener();
                listener.Prefixes.Add(url + "/");
                try
                {
                    listener.Start();
                    return new WireMockServer(listener, url);
                }
                catch (HttpListenerException) when (attempt < 20)
                {
                    listener.Close();
                }
            }
        }

        public IRespondWithAProvider Given(IRequestBuilder request) => new Provider(this, (Request)request);

        public void ResetMappings()
        {
            lock (_gate)
            {
                _mappings.Clear();
                _states.Clear();
            }
        }

        public void Stop()
        {
            _stopping.Cancel();
            try
            {
                _listener.Stop();
                _listener.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private void Add(Mapping mapping)
        {
            lock (_gate)
            {
                _mappings.Add(mapping with { Order = ++_order });
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                var request = await ReadAsync(context.Request).ConfigureAwait(false);
                _log.Enqueue(new LogEntry(request));
                Response? answer;
                lock (_gate)
                {
                    var mapping = _mappings.Where(m => m.Request.Matches(request) && StateAllows(m)).OrderByDescending(m => m.Order).FirstOrDefault();
                    if (mapping?.Scenario is { } scenario && mapping.NextState is { } next)
                    {
                        _states[scenario] = next;
                    }

                    answer = mapping?.Response;
                }

                if (answer is null)
                {
                    await WriteAsync(response, 404, [("Content-Type", ["application/json"])], Encoding.UTF8.GetBytes("""{"Status":"No matching mapping found"}""")).ConfigureAwait(false);
                    return;
                }

                if (answer.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(answer.Delay, _stopping.Token).ConfigureAwait(false);
                }

                var (status, headers, body) = answer.Answer(request);
                await WriteAsync(response, status, headers, body).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                try
                {
                    response.Abort();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        private bool StateAllows(Mapping mapping)
        {
            if (mapping.Scenario is null)
            {
                return true;
            }

            _states.TryGetValue(mapping.Scenario, out var state);
            return string.Equals(state, mapping.WhenState, StringComparison.Ordinal);
        }

        private static async Task<RequestMessage> ReadAsync(HttpListenerRequest request)
        {
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
                bytes = buffer.ToArray();
            }

            var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in request.Headers.AllKeys)
            {
                headers[name!] = new WireMockList<string>(request.Headers.GetValues(name!) ?? []);
            }

            var raw = request.RawUrl ?? "/";
            var queryAt = raw.IndexOf('?');
            var path = queryAt < 0 ? raw : raw.Substring(0, queryAt);
            var query = new Dictionary<string, WireMockList<string>>(StringComparer.Ordinal);
            if (queryAt >= 0)
            {
                foreach (var pair in raw.Substring(queryAt + 1).Split(['&'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    var key = WebUtility.UrlDecode(equals < 0 ? pair : pair.Substring(0, equals));
                    var value = equals < 0 ? "" : WebUtility.UrlDecode(pair.Substring(equals + 1));
                    if (!query.TryGetValue(key, out var values))
                    {
                        query[key] = values = [];
                    }

                    values.Add(value);
                }
            }

            return new RequestMessage
            {
                AbsolutePath = path,
                AbsoluteUrl = request.Url!.GetLeftPart(UriPartial.Authority) + raw,
                Method = request.HttpMethod,
                Body = bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes),
                BodyAsBytes = bytes.Length == 0 ? null : bytes,
                DateTime = DateTime.UtcNow,
                Headers = headers,
                Query = query,
            };
        }

        private static async Task WriteAsync(HttpListenerResponse response, int status, IEnumerable<(string Name, string[] Values)> headers, byte[]? body)
        {
            response.StatusCode = status;
            foreach (var (name, values) in headers)
            {
                if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    response.ContentType = values.LastOrDefault();
                    continue;
                }

                foreach (var value in values)
                {
                    response.AppendHeader(name, value);
                }
            }

            body ??= [];
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
            response.Close();
        }

        private sealed record Mapping(Request Request, string? Scenario, string? WhenState, string? NextState, Response Response, long Order = 0);

        private sealed class Provider(WireMockServer server, Request request) : IRespondWithAProvider
        {
            private string? _scenario;
            private string? _when;
            private string? _next;

            public IRespondWithAProvider InScenario(string scenario)
            {
                _scenario = scenario;
                return this;
            }

            public IRespondWithAProvider WhenStateIs(string state)
            {
                _when = state;
                return this;
            }

            public IRespondWithAProvider WillSetStateTo(string state)
            {
                _next = state;
                return this;
            }

            public void RespondWith(IResponseBuilder response) => server.Add(new Mapping(request, _scenario, _when, _next, (Response)response));
        }
    }
}
