using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;
using Xunit;

namespace LibvirtPS.Core.Tests.Auth
{
    public sealed class SaslAuthenticatorTests
    {
        /// <summary>A scripted daemon side: a mechanism list and the replies to START and each STEP, in order; records what came in.</summary>
        private sealed class FakeExchange : ISaslExchange
        {
            private readonly Queue<SaslReply> _replies;
            public FakeExchange(string mechlist, params SaslReply[] replies)
            {
                Mechlist = mechlist;
                _replies = new Queue<SaslReply>(replies);
            }

            public string Mechlist { get; }
            public List<(string Proc, string? Mech, byte[]? Data)> Calls { get; } = new List<(string, string?, byte[]?)>();

            public Task<string> InitAsync(CancellationToken ct)
            {
                Calls.Add(("INIT", null, null));
                return Task.FromResult(Mechlist);
            }

            public Task<SaslReply> StartAsync(string mechanism, byte[]? data, CancellationToken ct)
            {
                Calls.Add(("START", mechanism, data));
                return Task.FromResult(_replies.Dequeue());
            }

            public Task<SaslReply> StepAsync(byte[]? data, CancellationToken ct)
            {
                Calls.Add(("STEP", null, data));
                if (_replies.Count == 0) throw new InvalidOperationException("unexpected STEP");
                return Task.FromResult(_replies.Dequeue());
            }
        }

        /// <summary>A mechanism that returns scripted outputs and completes after a given number of local steps.</summary>
        private sealed class ScriptedMechanism : ISaslMechanism
        {
            private readonly byte[]? _start;
            private readonly Queue<byte[]?> _outputs;
            private readonly int _completeAfter;
            private int _steps;

            public ScriptedMechanism(byte[]? start, int completeAfter, params byte[]?[] outputs)
            {
                _start = start;
                _completeAfter = completeAfter;
                _outputs = new Queue<byte[]?>(outputs);
            }

            public List<byte[]?> Challenges { get; } = new List<byte[]?>();
            public string Name => "X-TEST";
            public int MaxSsf => DeclaredMaxSsf ?? Layer?.Ssf ?? 0;
            public int? DeclaredMaxSsf { get; set; }
            public ScriptedLayer? Layer { get; set; }
            public Exception? FailOnStep { get; set; }
            public byte[]? Start(SaslContext context) => _start;

            public byte[]? Step(byte[]? challenge)
            {
                if (FailOnStep != null) throw FailOnStep;
                Challenges.Add(challenge);
                _steps++;
                return _outputs.Count > 0 ? _outputs.Dequeue() : null;
            }

            public bool IsComplete => _steps >= _completeAfter;
            public ISaslSecurityLayer? SecurityLayer => IsComplete ? Layer : null;
        }

        private sealed class ScriptedLayer : ISaslSecurityLayer
        {
            public ScriptedLayer(int ssf) { Ssf = ssf; }
            public int Ssf { get; }
            public int MaxPlaintext => 65536;
            public byte[] Wrap(byte[] plaintext, int offset, int count) => plaintext.Skip(offset).Take(count).ToArray();
            public byte[] Unwrap(byte[] frame, int offset, int count) => frame.Skip(offset).Take(count).ToArray();
        }

        private static SaslMechanisms Only(ISaslMechanism m, int maxSsf = 0)
        {
            var r = new SaslMechanisms();
            r.Register(m.Name, 1, false, () => m);
            return r;
        }

        private static SaslContext Secure() => new SaslContext { MinSsf = 0, MaxSsf = 0 };
        private static SaslContext Tcp() => new SaslContext { MinSsf = 56, MaxSsf = 100000 };
        private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

        [Fact]
        public async Task Complete_on_start_and_locally_complete_sends_no_step()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(true, null));
            var m = new ScriptedMechanism(B("init"), completeAfter: 0);
            var outcome = await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None);
            Assert.Equal(new[] { "INIT", "START" }, ex.Calls.Select(c => c.Proc));
            Assert.Equal(0, outcome.Steps);
            Assert.Empty(m.Challenges);
        }

        [Fact]
        public async Task Server_complete_with_data_still_takes_one_local_step_and_no_more_calls()
        {
            // SCRAM-like: START → server-first; STEP → server-final with complete=1; the local step verifies it; done
            var ex = new FakeExchange("X-TEST", new SaslReply(false, B("server-first")), new SaslReply(true, B("v=sig")));
            var m = new ScriptedMechanism(B("client-first"), 2, B("client-final"), null);
            var outcome = await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None);
            Assert.Equal(new[] { "INIT", "START", "STEP" }, ex.Calls.Select(c => c.Proc));
            Assert.Equal(1, outcome.Steps);
            Assert.Equal(new[] { "server-first", "v=sig" }, m.Challenges.Select(c => Encoding.ASCII.GetString(c!)));
        }

        [Fact]
        public async Task Server_not_complete_means_another_step_even_when_locally_complete()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(false, B("c1")), new SaslReply(false, null), new SaslReply(true, null));
            var m = new ScriptedMechanism(null, 1, B("r1"), null);
            var outcome = await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None);
            // STEP r1 (local complete, server not) → STEP nil → server complete: stop
            Assert.Equal(new[] { "INIT", "START", "STEP", "STEP" }, ex.Calls.Select(c => c.Proc));
            Assert.Equal(2, outcome.Steps);
        }

        [Fact]
        public async Task Nil_and_empty_stay_distinct_both_ways()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(false, null), new SaslReply(false, new byte[0]), new SaslReply(true, null));
            var m = new ScriptedMechanism(null, 3, new byte[0], null, null);
            await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None);
            Assert.Null(ex.Calls[1].Data);                 // START with no initial response: nil
            Assert.NotNull(ex.Calls[2].Data);              // STEP with empty data: not nil
            Assert.Empty(ex.Calls[2].Data!);
            Assert.Null(ex.Calls[3].Data);                 // STEP with null: nil
            Assert.Null(m.Challenges[0]);                  // START reply nil → mechanism sees null
            Assert.NotNull(m.Challenges[1]);               // STEP reply empty → mechanism sees empty
            Assert.Empty(m.Challenges[1]!);
        }

        [Fact]
        public async Task Plain_tcp_needs_ssf_56()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(true, null));
            // the mechanism claims up to 128 (so the choice keeps it) but negotiates only 40
            var weak = new ScriptedMechanism(B("x"), 0) { Layer = new ScriptedLayer(40), DeclaredMaxSsf = 128 };
            var reg = Only(weak);
            var e = await Assert.ThrowsAsync<LibvirtException>(() => new SaslAuthenticator(ex, reg).AuthenticateAsync(Tcp(), null, CancellationToken.None));
            Assert.Equal("authentication failed: negotiation SSF 40 was not strong enough", e.Message);
        }

        [Fact]
        public async Task A_security_layer_comes_back_on_tcp()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(false, B("challenge")), new SaslReply(true, B("rspauth")));
            var m = new ScriptedMechanism(null, 2, B("response"), null) { Layer = new ScriptedLayer(128) };
            var outcome = await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Tcp(), null, CancellationToken.None);
            Assert.NotNull(outcome.SecurityLayer);
            Assert.Equal(128, outcome.Ssf);
        }

        [Fact]
        public async Task A_layer_of_ssf_zero_is_no_layer()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(true, null));
            var m = new ScriptedMechanism(B("x"), 0) { Layer = new ScriptedLayer(0) };
            var outcome = await new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None);
            Assert.Null(outcome.SecurityLayer);
        }

        [Fact]
        public async Task Mechanism_failure_on_step_is_libvirts_message()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(false, B("c")));
            var m = new ScriptedMechanism(null, 5) { FailOnStep = new SaslMechanismException(-1, "All-whitespace username.") };
            var e = await Assert.ThrowsAsync<LibvirtException>(() => new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None));
            Assert.Equal("authentication failed: Failed to step SASL negotiation: -1 (SASL(-1): generic failure: All-whitespace username.)", e.Message);
        }

        [Fact]
        public async Task Too_long_data_is_refused_before_sending()
        {
            var ex = new FakeExchange("X-TEST", new SaslReply(true, null));
            var m = new ScriptedMechanism(new byte[65537], 0);
            var e = await Assert.ThrowsAsync<LibvirtException>(() => new SaslAuthenticator(ex, Only(m)).AuthenticateAsync(Secure(), null, CancellationToken.None));
            Assert.Equal("authentication failed: SASL negotiation data too long: 65537 bytes", e.Message);
            Assert.DoesNotContain(ex.Calls, c => c.Proc == "START");
        }

        [Fact]
        public async Task Wanted_mechanism_not_in_list_fails_before_start()
        {
            var ex = new FakeExchange("DIGEST-MD5");
            var e = await Assert.ThrowsAsync<LibvirtException>(() => new SaslAuthenticator(ex).AuthenticateAsync(Secure(), "NOSUCH", CancellationToken.None));
            Assert.Equal("authentication failed: SASL mechanism NOSUCH not supported by server", e.Message);
            Assert.Equal(new[] { "INIT" }, ex.Calls.Select(c => c.Proc));
        }

        [Fact]
        public async Task Scram_end_to_end_against_a_scripted_daemon_with_rfc7677_values()
        {
            // the RFC 7677 exchange, with the authenticator in between
            var reg = new SaslMechanisms();
            reg.Register("SCRAM-SHA-256", 50, false, () => new ScramMechanism("SCRAM-SHA-256", () => "rOprNGfwEbeRWgbNEkqO"));
            var ex = new FakeExchange("DIGEST-MD5,SCRAM-SHA-256",
                new SaslReply(false, B("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")),
                new SaslReply(true, B("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
            var ctx = Secure();
            ctx.GetCredential = (k, p) => "user";
            ctx.GetPassword = () => new NetworkCredential("", "pencil");
            var trace = new List<string>();
            var outcome = await new SaslAuthenticator(ex, reg, trace.Add).AuthenticateAsync(ctx, null, CancellationToken.None);
            Assert.Equal("SCRAM-SHA-256", outcome.Mechanism);
            Assert.Equal("SCRAM-SHA-256", ex.Calls[1].Mech);
            Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.ASCII.GetString(ex.Calls[1].Data!));
            Assert.DoesNotContain(trace, l => l.Contains("pencil") || l.Contains("rOprNG"));
        }
    }
}
