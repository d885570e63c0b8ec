using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Fleet;
using Xunit;

namespace LibvirtPS.Core.Tests.Fleet
{
    public class FanOutTests
    {
        private static async Task<List<FanOutResult<T>>> TakeAll<T>(FanOut<T> fan)
        {
            var all = new List<FanOutResult<T>>();
            while (await fan.TakeAsync() is FanOutResult<T> r) all.Add(r);
            return all;
        }

        [Theory]
        [InlineData(1, 10)]
        [InlineData(3, 10)]
        [InlineData(32, 50)]
        public async Task KeysRunConcurrently_NeverMoreThanTheLimit(int limit, int keys)
        {
            using var fan = new FanOut<int>(limit, CancellationToken.None);
            int running = 0, peak = 0;
            for (int k = 0; k < keys; k++)
            {
                int key = k;
                fan.Add(key, null, async ct =>
                {
                    int now = Interlocked.Increment(ref running);
                    int seen;
                    while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
                    await Task.Delay(30, ct);
                    Interlocked.Decrement(ref running);
                    return key;
                });
            }
            var results = await TakeAll(fan);
            Assert.Equal(Enumerable.Range(0, keys), results.Select(r => r.Value).OrderBy(v => v));
            Assert.True(peak <= limit, "peak " + peak + " > limit " + limit);
            // the slots are used: with 30 ms work every key overlaps with others up to the limit
            Assert.Equal(Math.Min(limit, keys), fan.PeakConcurrency);
            Assert.Equal(0, fan.Outstanding);
        }

        [Fact]
        public async Task OneKey_RunsInTheOrderAdded_OneAtATime()
        {
            using var fan = new FanOut<int>(8, CancellationToken.None);
            var order = new ConcurrentQueue<int>();
            int running = 0;
            bool overlapped = false;
            for (int i = 0; i < 20; i++)
            {
                int n = i;
                fan.Add("host", null, async ct =>
                {
                    if (Interlocked.Increment(ref running) > 1) overlapped = true;
                    await Task.Delay(n % 3, ct);
                    order.Enqueue(n);
                    Interlocked.Decrement(ref running);
                    return n;
                });
            }
            var results = await TakeAll(fan);
            Assert.False(overlapped);
            Assert.Equal(Enumerable.Range(0, 20), order);
            Assert.Equal(Enumerable.Range(0, 20), results.Select(r => r.Sequence));
        }

        [Fact]
        public async Task ResultsComeInCompletionOrder_ErrorsAreResultsToo()
        {
            using var fan = new FanOut<string>(4, CancellationToken.None);
            var slowGate = new TaskCompletionSource<bool>();
            fan.Add("slow", "s", async ct => { await slowGate.Task; return "slow"; });
            fan.Add("bad", "b", ct => Task.FromException<string>(new InvalidOperationException("host b failed")));
            fan.Add("fast", "f", ct => Task.FromResult("fast"));
            var first = await fan.TakeAsync();
            var second = await fan.TakeAsync();
            Assert.Equal(new[] { "b", "f" }, new[] { first!.State, second!.State }.Cast<string>().OrderBy(s => s));
            var bad = first.State as string == "b" ? first : second;
            Assert.IsType<InvalidOperationException>(bad.Error);
            Assert.Equal("host b failed", bad.Error!.Message);
            Assert.False(fan.TryTake(out _));
            slowGate.SetResult(true);
            var third = await fan.TakeAsync();
            Assert.Equal("slow", third!.Value);
            Assert.Null(third.Error);
            Assert.Null(await fan.TakeAsync());
        }

        [Fact]
        public async Task WaitingKeys_StartWhenASlotFrees_AndWorkAddedLaterStillRuns()
        {
            using var fan = new FanOut<int>(1, CancellationToken.None);
            var gate = new TaskCompletionSource<bool>();
            fan.Add("a", null, async ct => { await gate.Task; return 1; });
            fan.Add("b", null, ct => Task.FromResult(2));
            await Task.Delay(50);
            Assert.False(fan.TryTake(out _)); // b waits for a's slot
            gate.SetResult(true);
            var results = await TakeAll(fan);
            Assert.Equal(new[] { 1, 2 }, results.Select(r => r.Value));
            // a key whose lane ended takes new work
            fan.Add("a", null, ct => Task.FromResult(3));
            Assert.Equal(3, (await fan.TakeAsync())!.Value);
        }

        [Fact]
        public async Task Cancelled_NotStartedWorkReportsCancellation()
        {
            using var cts = new CancellationTokenSource();
            using var fan = new FanOut<int>(1, cts.Token);
            var gate = new TaskCompletionSource<bool>();
            bool secondRan = false;
            fan.Add("a", null, async ct => { await gate.Task; return 1; });
            fan.Add("b", null, ct => { secondRan = true; return Task.FromResult(2); });
            cts.Cancel();
            gate.SetResult(true);
            var results = await TakeAll(fan);
            Assert.Equal(2, results.Count);
            Assert.False(secondRan);
            Assert.IsAssignableFrom<OperationCanceledException>(results.Single(r => (string)r.Key == "b").Error);
        }

        [Fact]
        public async Task WhenReady_WaitsForAResultWithoutTakingIt()
        {
            using var fan = new FanOut<int>(2, CancellationToken.None);
            var gate = new TaskCompletionSource<bool>();
            fan.Add("a", null, async ct => { await gate.Task; return 7; });
            var ready = fan.WhenReadyAsync();
            await Task.Delay(30);
            Assert.False(ready.IsCompleted);
            gate.SetResult(true);
            await ready;
            Assert.True(fan.TryTake(out var r)); // still there to be taken
            Assert.Equal(7, r.Value);
            Assert.False(fan.TryTake(out _));
        }

        [Fact]
        public async Task AWaitingKey_KeepsTheOrderOfAllItsWork()
        {
            using var fan = new FanOut<string>(1, CancellationToken.None);
            var gate = new TaskCompletionSource<bool>();
            fan.Add("a", null, async ct => { await gate.Task; return "a0"; });
            for (int i = 0; i < 5; i++)
            {
                string v = "b" + i;
                fan.Add("b", null, ct => Task.FromResult(v)); // b waits for the one slot, its work queues up
            }
            fan.Add("a", null, ct => Task.FromResult("a1"));
            gate.SetResult(true);
            var all = await TakeAll(fan);
            Assert.Equal(new[] { "a0", "a1", "b0", "b1", "b2", "b3", "b4" }, all.Select(r => r.Value));
        }

        [Fact]
        public void ThrottleLimitBelowOne_IsRejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new FanOut<int>(0, CancellationToken.None));
        }
    }
}
