using System;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Auth.Sasl;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth
{
    /// <summary>The daemon's reply to AUTH_SASL_START / AUTH_SASL_STEP: complete flag and data (null: nil = 1).</summary>
    public readonly struct SaslReply
    {
        public SaslReply(bool complete, byte[]? data)
        {
            Complete = complete;
            Data = data;
        }

        public bool Complete { get; }
        public byte[]? Data { get; }
    }

    /// <summary>The three SASL calls of the remote protocol (AUTH_SASL_INIT 67, START 68, STEP 69); data null means nil.</summary>
    public interface ISaslExchange
    {
        Task<string> InitAsync(CancellationToken ct);
        Task<SaslReply> StartAsync(string mechanism, byte[]? data, CancellationToken ct);
        Task<SaslReply> StepAsync(byte[]? data, CancellationToken ct);
    }

    /// <summary>What the SASL negotiation ended with.</summary>
    public sealed class SaslOutcome
    {
        internal SaslOutcome(string mechanism, ISaslSecurityLayer? layer, int ssf, int steps)
        {
            Mechanism = mechanism;
            SecurityLayer = layer;
            Ssf = ssf;
            Steps = steps;
        }

        public string Mechanism { get; }

        /// <summary>The layer every later byte must go through; null when none (SSF 0).</summary>
        public ISaslSecurityLayer? SecurityLayer { get; }

        public int Ssf { get; }

        /// <summary>AUTH_SASL_STEP calls made.</summary>
        public int Steps { get; }
    }

    /// <summary>
    /// libvirt's remoteAuthSASL: SASL_INIT for the daemon's list, the mechanism choice, SASL_START with the initial
    /// response, SASL_STEP until the daemon said complete and the local step completed (no further STEP then: the
    /// client always takes at least one local step after a daemon reply, for mutual authentication), then the SSF
    /// check on channels that are not secure. Trace lines carry sizes and names only, never data.
    /// </summary>
    public sealed class SaslAuthenticator
    {
        /// <summary>libvirt's REMOTE_AUTH_SASL_DATA_MAX.</summary>
        public const int DataMax = 65536;

        /// <summary>Not in libvirt (which loops as long as the daemon answers); a guard against a peer that never completes.</summary>
        public const int MaxSteps = 64;

        private readonly ISaslExchange _exchange;
        private readonly SaslMechanisms _mechanisms;
        private readonly Action<string>? _trace;

        public SaslAuthenticator(ISaslExchange exchange, SaslMechanisms? mechanisms = null, Action<string>? trace = null)
        {
            _exchange = exchange;
            _mechanisms = mechanisms ?? SaslMechanisms.Default;
            _trace = trace;
        }

        /// <param name="context">host, addresses, SSF limits, credentials</param>
        /// <param name="wantedMechanism">the MECH of auth=sasl.MECH, or null</param>
        /// <param name="ct">cancels the calls</param>
        public async Task<SaslOutcome> AuthenticateAsync(SaslContext context, string? wantedMechanism, CancellationToken ct)
        {
            bool secure = context.MinSsf <= 0;
            string mechlist = await _exchange.InitAsync(ct).ConfigureAwait(false);
            Trace("SASL: daemon offers '" + mechlist + "'" + (wantedMechanism != null ? ", auth asks for " + wantedMechanism : "") +
                  "; SSF min " + context.MinSsf + " max " + context.MaxSsf + (context.ExternalSsf > 0 ? ", external " + context.ExternalSsf : ""));

            var entry = _mechanisms.Choose(mechlist, wantedMechanism, context.MinSsf);
            var mech = entry.Factory();
            Trace("SASL: using " + mech.Name);

            byte[]? clientOut = await RunLocalAsync(() => mech.Start(context), "start").ConfigureAwait(false);
            CheckLength(clientOut);
            Trace("AUTH_SASL_START " + mech.Name + " with " + Describe(clientOut));
            var reply = await _exchange.StartAsync(mech.Name, clientOut, ct).ConfigureAwait(false);
            Trace("AUTH_SASL_START reply: complete " + (reply.Complete ? 1 : 0) + ", " + Describe(reply.Data));

            int steps = 0;
            // the daemon is done and the local start already completed: no step at all
            if (!(reply.Complete && mech.IsComplete))
            {
                while (true)
                {
                    var serverIn = reply.Data;
                    clientOut = await RunLocalAsync(() => mech.Step(serverIn), "step").ConfigureAwait(false);
                    // the daemon had said complete and the local step completed: done, no further STEP
                    if (reply.Complete && mech.IsComplete) break;
                    if (steps >= MaxSteps)
                        throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                            "SASL negotiation did not finish after " + MaxSteps + " steps");
                    CheckLength(clientOut);
                    Trace("AUTH_SASL_STEP with " + Describe(clientOut));
                    reply = await _exchange.StepAsync(clientOut, ct).ConfigureAwait(false);
                    steps++;
                    Trace("AUTH_SASL_STEP reply: complete " + (reply.Complete ? 1 : 0) + ", " + Describe(reply.Data));
                    if (reply.Complete && mech.IsComplete) break;
                }
            }

            var layer = mech.SecurityLayer;
            int ssf = layer?.Ssf ?? 0;
            if (!secure)
            {
                if (ssf < 56)
                    throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                        "negotiation SSF " + ssf + " was not strong enough");
                if (ssf < 112) Trace("warning: negotiation SSF " + ssf + " lower than 112 will be deprecated. Please upgrade your ciphers.");
            }
            Trace("SASL authentication complete (" + mech.Name + ", SSF " + ssf + ")");
            return new SaslOutcome(mech.Name, ssf > 0 ? layer : null, ssf, steps);
        }

        // Mechanisms may ask the interaction (which may need the pipeline thread): never run them on the caller's context
        private static async Task<byte[]?> RunLocalAsync(Func<byte[]?> step, string what)
        {
            try
            {
                return await Task.Run(step).ConfigureAwait(false);
            }
            catch (SaslMechanismException e)
            {
                throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Rpc,
                    "Failed to " + what + " SASL negotiation: " + e.Code + " (" + e.Message + ")", inner: e);
            }
        }

        private static void CheckLength(byte[]? data)
        {
            if (data != null && data.Length > DataMax)
                throw new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote,
                    "SASL negotiation data too long: " + data.Length + " bytes");
        }

        private static string Describe(byte[]? data) => data == null ? "no data (nil)" : data.Length + " bytes";

        private void Trace(string line) => _trace?.Invoke(line);
    }
}
