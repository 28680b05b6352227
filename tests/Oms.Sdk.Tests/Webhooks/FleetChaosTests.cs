using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>
/// Issue #13's fleet, for real: three receivers in their own processes (tests/Oms.Sdk.FleetReceiver) sharing one Redis
/// inbox, and a sender that behaves like OMS: a fresh timestamp and signature per attempt, an attempt timeout shorter than
/// the slow handlers, retries with backoff to another receiver, bursts of concurrent copies to different receivers. Handlers
/// are slow, fail once, or stall until the test kills their receiver (which is then restarted). Each receiver counts a
/// handling in Redis only when its handler completes, as a handler commits its side effects.
/// </summary>
public sealed class FleetChaosTests(ITestOutputHelper output)
{
    private const int Receivers = 3;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HandlerTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SlowHandler = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(40);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_event_is_acknowledged_and_handled_exactly_once_across_a_fleet_with_slow_failing_and_killed_receivers()
    {
        var dll = RepositoryPaths.Output("tests/Oms.Sdk.FleetReceiver", "Oms.Sdk.FleetReceiver");
        Assert.True(File.Exists(dll), $"The fleet receiver is not built at {dll}; build tests/Oms.Sdk.Tests (it builds the receiver).");
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var fleet = new Fleet(dll, redis.Configuration, HandlerTimeout);
        var started = Stopwatch.StartNew();
        await fleet.StartAsync(Receivers);
        var startup = started.Elapsed;

        // 48 events: every 4th slow (slower than the sender waits), every 4th + 1 failing once, three stalling until their
        // receiver is killed; every 3rd sent first as a burst of copies to every receiver at once.
        var events = Enumerable.Range(0, 48).Select(i => new FleetEvent(
            $"msg_fleet_{i:00}",
            i is 5 or 22 or 39 ? "crash" : (i % 4) switch { 0 => "slow", 1 => "failOnce", _ => "ok" },
            Burst: i % 3 == 0)).ToList();
        using var killer = new CancellationTokenSource();
        var kills = fleet.KillOnRequestAsync(redis.Admin, killer.Token);
        var sender = new OmsLikeSender(fleet.Urls);
        var results = await Task.WhenAll(events.Select((e, i) => sender.DeliverAsync(e, startAfter: TimeSpan.FromMilliseconds(40 * i))));
        await killer.CancelAsync();
        var killed = await kills;
        var elapsed = started.Elapsed;

        var handled = (await redis.Admin.HashGetAllAsync("fleet:handled")).ToDictionary(h => h.Name.ToString(), h => (int)h.Value);
        var startedRuns = (await redis.Admin.HashGetAllAsync("fleet:started")).Sum(h => (int)h.Value);
        var attempts = results.Sum(r => r.Attempts.Count);
        var statuses = results.SelectMany(r => r.Attempts).GroupBy(a => a).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        output.WriteLine(
            $"{events.Count} events, {attempts} attempts ({string.Join(", ", statuses)}), {startedRuns} handler runs started, "
            + $"{killed} receivers killed and restarted; receivers up in {startup.TotalSeconds:0.0} s, whole run {elapsed.TotalSeconds:0.0} s");

        Assert.All(results, r => Assert.True(r.Acknowledged, $"{r.Event.Id} ({r.Event.Behaviour}) was never acknowledged: {string.Join(", ", r.Attempts)}\n{fleet.Output()}"));
        Assert.All(events, e => Assert.True(handled.GetValueOrDefault(e.Id) == 1, $"{e.Id} ({e.Behaviour}) was handled {handled.GetValueOrDefault(e.Id)} times\n{fleet.Output()}"));
        Assert.Equal(events.Count, handled.Count);

        // The chaos happened: copies were turned away while in progress, failures were retried, senders gave up waiting on
        // slow handlers, and receivers died mid-handler.
        Assert.Equal(3, killed);
        Assert.Contains(results.SelectMany(r => r.Attempts), a => a == "409");
        Assert.Contains(results.SelectMany(r => r.Attempts), a => a == "500");
        Assert.Contains(results.SelectMany(r => r.Attempts), a => a == "timeout");
        Assert.True(startedRuns > events.Count, $"only {startedRuns} handler runs started");
    }

    private sealed record FleetEvent(string Id, string Behaviour, bool Burst)
    {
        public byte[] Body => Encoding.UTF8.GetBytes(Envelope("fleet.test", Behaviour == "slow"
            ? $$"""{"behaviour": "slow", "delayMs": {{(int)SlowHandler.TotalMilliseconds}}}"""
            : $$"""{"behaviour": "{{Behaviour}}"}"""));
    }

    private sealed record Delivered(FleetEvent Event, bool Acknowledged, IReadOnlyList<string> Attempts);

    /// <summary>Delivers like OMS: signs each attempt afresh, waits one attempt timeout, retries with backoff elsewhere.</summary>
    private sealed class OmsLikeSender(IReadOnlyList<Uri> receivers)
    {
        private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };
        private readonly OmsWebhookSigner _signer = new(OmsSecret);

        public async Task<Delivered> DeliverAsync(FleetEvent evt, TimeSpan startAfter)
        {
            await Task.Delay(startAfter, Ct);
            var attempts = new List<string>();
            var deadline = Stopwatch.StartNew();
            var next = evt.Id.GetHashCode(StringComparison.Ordinal) & 0x7fff;
            for (var attempt = 0; deadline.Elapsed < GiveUpAfter; attempt++)
            {
                var targets = attempt == 0 && evt.Burst ? receivers : [receivers[next++ % receivers.Count]];
                var answers = await Task.WhenAll(targets.Select(url => AttemptAsync(evt, url)));
                attempts.AddRange(answers);
                if (answers.Any(a => a.StartsWith('2')))
                {
                    return new Delivered(evt, true, attempts);
                }

                // Exponential backoff from 200 ms, capped at 1.6 s: fast enough for a test, shaped like OMS's schedule.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(attempt, 3))), Ct);
            }

            return new Delivered(evt, false, attempts);
        }

        private async Task<string> AttemptAsync(FleetEvent evt, Uri url)
        {
            var body = evt.Body;
            var now = DateTimeOffset.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.IdHeader, evt.Id);
            request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.TimestampHeader, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.SignatureHeader, _signer.Sign(evt.Id, now, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await _client.SendAsync(request, timeout.Token);
                return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                return "timeout";
            }
            catch (HttpRequestException)
            {
                return "refused";
            }
        }
    }

    /// <summary>The receiver processes, on fixed ports so a killed one comes back at the same URL.</summary>
    private sealed class Fleet(string dll, string redis, TimeSpan handlerTimeout) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<int, Process> _processes = new();
        private readonly ConcurrentQueue<string> _output = new();
        private readonly List<int> _ports = [];

        public IReadOnlyList<Uri> Urls => [.. _ports.Select(p => new Uri($"http://127.0.0.1:{p}/webhooks/oms"))];

        public async Task StartAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _ports.Add(RedisServer.FreePort());
            }

            await Task.WhenAll(Enumerable.Range(0, count).Select(StartOneAsync));
        }

        /// <summary>Kills each receiver whose handler asks for it (list <c>fleet:kill</c>) and starts it again; returns how many.</summary>
        public async Task<int> KillOnRequestAsync(IDatabase db, CancellationToken stop)
        {
            var killed = 0;
            var restarts = new List<Task>();
            while (!stop.IsCancellationRequested)
            {
                if (await db.ListLeftPopAsync("fleet:kill") is { IsNull: false } request)
                {
                    var pid = int.Parse(request.ToString().Split(' ')[1], CultureInfo.InvariantCulture);
                    var (index, process) = _processes.Single(p => p.Value.Id == pid);
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(Ct);
                    _output.Enqueue($"[test] killed receiver r{index} (pid {pid}) mid-handler of {request.ToString().Split(' ')[0]}");
                    killed++;
                    restarts.Add(StartOneAsync(index));
                    continue;
                }

                try
                {
                    await Task.Delay(25, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await Task.WhenAll(restarts);
            return killed;
        }

        public string Output() => string.Join(Environment.NewLine, _output.TakeLast(200));

        public async ValueTask DisposeAsync()
        {
            foreach (var process in _processes.Values)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }

                process.Dispose();
            }
        }

        private async Task StartOneAsync(int index)
        {
            var port = _ports[index];
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                dll, "--urls", $"http://127.0.0.1:{port}", "--Oms:WebhookSecret", OmsSecret, "--ConnectionStrings:Redis", redis,
                "--Fleet:Name", $"r{index}", "--Oms:HandlerTimeout", handlerTimeout.ToString("c", CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Oms.Sdk.Webhooks", "Warning",
            })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in ProcessRunner.DotnetEnvironment)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _output.Enqueue($"[r{index}] {e.Data}");
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _output.Enqueue($"[r{index}] {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes[index] = process;

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            var waited = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(process.HasExited, $"receiver r{index} exited at start-up\n{Output()}");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"receiver r{index} did not start within 30 s\n{Output()}");
                try
                {
                    using var ready = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/ready"), Ct);
                    if (ready.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
                {
                }

                await Task.Delay(50, Ct);
            }
        }
    }
}
