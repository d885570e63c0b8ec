using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>
    /// One public-key algorithm of one agent identity, in the shape SSH.NET's <see cref="PrivateKeyAuthenticationMethod"/>
    /// uses (as its <see cref="KeyHostAlgorithm"/>s): <see cref="HostAlgorithm.Name"/> is the algorithm offered
    /// (<c>ssh-ed25519</c>, <c>rsa-sha2-256</c>, …), <see cref="Data"/> the public key blob, and <see cref="Sign"/> has the
    /// agent make the signature — the private key never leaves the agent.
    /// </summary>
    public sealed class SshAgentHostAlgorithm : HostAlgorithm
    {
        private readonly SshAgentClient _agent;
        private readonly Action<string>? _trace;
        private readonly CancellationToken _cancellationToken;

        public SshAgentHostAlgorithm(string algorithm, SshAgentIdentity identity, SshAgentClient agent, Action<string>? trace = null,
            CancellationToken cancellationToken = default)
            : base(algorithm)
        {
            Identity = identity;
            _agent = agent;
            _trace = trace;
            _cancellationToken = cancellationToken;
        }

        public SshAgentIdentity Identity { get; }

        /// <summary>The public key blob (what the server looks up in authorized_keys).</summary>
        public override byte[] Data => Identity.PublicKeyBlob;

        /// <summary>
        /// The signature of <paramref name="data"/> by the agent, encoded as SSH sends it (string format, string blob).
        /// When the agent cannot or will not sign, the trace says why and a signature that cannot verify is returned:
        /// the server then rejects this key and authentication goes on with the next key or method (as libssh does
        /// when an agent signature fails), instead of the whole connection failing.
        /// </summary>
        public override byte[] Sign(byte[] data)
        {
            try
            {
                var signature = _agent.Sign(Identity.PublicKeyBlob, data, SshAgentIdentity.SignFlagsFor(Name), _cancellationToken);
                string format = SshAgentClient.SignatureFormat(signature);
                if (!string.Equals(format, SignatureFormatOf(Name), StringComparison.Ordinal))
                    _trace?.Invoke("asked for a " + SignatureFormatOf(Name) + " signature with " + Identity + ", the agent made a " + format + " one");
                else
                    _trace?.Invoke(format + " signature made by the agent with " + Identity.KeyType + " " + Identity.Fingerprint);
                return signature;
            }
            catch (Exception e) when (e is SshAgentException || e is IOException || e is SocketException || e is ObjectDisposedException
                                      || e is TimeoutException || e is UnauthorizedAccessException || e is OperationCanceledException)
            {
                _trace?.Invoke("no " + Name + " signature with " + Identity + ": " + e.Message);
                return Unverifiable(SignatureFormatOf(Name));
            }
        }

        /// <summary>Only for host keys, which the agent never checks.</summary>
        public override bool VerifySignature(byte[] data, byte[] signature) =>
            throw new NotSupportedException("an ssh-agent key only signs");

        /// <summary>The signature format an algorithm name uses (a certificate algorithm signs as its plain key algorithm).</summary>
        internal static string SignatureFormatOf(string algorithm)
        {
            const string cert = "-cert-v01@openssh.com";
            return algorithm.EndsWith(cert, StringComparison.Ordinal) ? algorithm.Substring(0, algorithm.Length - cert.Length) : algorithm;
        }

        private static byte[] Unverifiable(string format)
        {
            var m = new MemoryStream();
            SshAgentClient.WriteBytes(m, Encoding.ASCII.GetBytes(format));
            SshAgentClient.WriteBytes(m, new byte[0]);
            return m.ToArray();
        }
    }

    /// <summary>An agent identity as one of SSH.NET's key sources: its algorithms, most preferred first.</summary>
    public sealed class SshAgentKeySource : IPrivateKeySource
    {
        public SshAgentKeySource(SshAgentIdentity identity, SshAgentClient agent, Action<string>? trace = null, CancellationToken cancellationToken = default)
        {
            Identity = identity;
            var list = new List<HostAlgorithm>();
            foreach (var alg in identity.SignatureAlgorithms) list.Add(new SshAgentHostAlgorithm(alg, identity, agent, trace, cancellationToken));
            HostKeyAlgorithms = list;
        }

        public SshAgentIdentity Identity { get; }

        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }
    }
}
