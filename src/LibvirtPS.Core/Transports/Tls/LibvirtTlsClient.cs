using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCredentials = Org.BouncyCastle.Tls.TlsCredentials;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LibvirtPS.Core.Transports.Tls
{
    /// <summary>
    /// The BouncyCastle client side of libvirt's TLS session: versions and suites from the priority string, the
    /// client certificate when there is one, no SNI (libvirt sends none) and no verification inside the
    /// handshake — the server chain is only recorded here and checked afterwards with libvirt's rules, exactly
    /// where libvirt's client checks it.
    /// </summary>
    internal sealed class LibvirtTlsClient : DefaultTlsClient
    {
        private readonly TlsPriority _priority;
        private readonly IReadOnlyList<BcX509Certificate> _clientChain;
        private readonly AsymmetricKeyParameter? _clientKey;

        /// <param name="crypto">BouncyCastle's crypto provider the handshake uses.</param>
        /// <param name="priority">The parsed tls_priority: versions and cipher suites offered.</param>
        /// <param name="clientChain">The client certificate first, then any chain certificates from clientcert.pem (empty: none).</param>
        /// <param name="clientKey">The client certificate's private key (null without a client certificate).</param>
        public LibvirtTlsClient(BcTlsCrypto crypto, TlsPriority priority, IReadOnlyList<BcX509Certificate> clientChain, AsymmetricKeyParameter? clientKey)
            : base(crypto)
        {
            _priority = priority;
            _clientChain = clientChain;
            _clientKey = clientKey;
        }

        /// <summary>The server's chain as sent, leaf first (empty until the server's Certificate message).</summary>
        public IReadOnlyList<BcX509Certificate> PeerChain { get; private set; } = Array.Empty<BcX509Certificate>();

        /// <summary>True when the server asked for a client certificate.</summary>
        public bool CertificateRequested { get; private set; }

        /// <summary>True when a client certificate was sent.</summary>
        public bool CertificateSent { get; private set; }

        /// <summary>A fatal alert the server sent, or null.</summary>
        public short? AlertReceived { get; private set; }

        public TlsClientContext Context => m_context;

        protected override ProtocolVersion[] GetSupportedVersions() => _priority.ProtocolVersions;

        protected override int[] GetSupportedCipherSuites() => _priority.CipherSuiteIds;

        // libvirt never calls gnutls_server_name_set
        protected override IList<ServerName>? GetSniServerNames() => null;

        public override void NotifyAlertReceived(short alertLevel, short alertDescription)
        {
            if (alertLevel == AlertLevel.fatal) AlertReceived = alertDescription;
            base.NotifyAlertReceived(alertLevel, alertDescription);
        }

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        private sealed class Authentication : TlsAuthentication
        {
            private readonly LibvirtTlsClient _client;

            public Authentication(LibvirtTlsClient client) { _client = client; }

            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
                var chain = new List<BcX509Certificate>();
                var certificate = serverCertificate.Certificate;
                for (int i = 0; certificate != null && i < certificate.Length; i++)
                {
                    chain.Add(new BcX509Certificate(X509CertificateStructure.GetInstance(certificate.GetCertificateAt(i).GetEncoded())));
                }
                _client.PeerChain = chain;
            }

            public BcCredentials? GetClientCredentials(CertificateRequest certificateRequest)
            {
                _client.CertificateRequested = true;
                if (_client._clientChain.Count == 0 || _client._clientKey == null) return null;

                var context = _client.m_context;
                bool tls13 = TlsUtilities.IsTlsV13(context);
                var algorithm = ChooseSignatureAlgorithm(_client._clientKey, certificateRequest.SupportedSignatureAlgorithms, tls13);
                if (algorithm == null && TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(context.ServerVersion)) return null;

                var crypto = (BcTlsCrypto)context.Crypto;
                TlsCertificate[] certs = _client._clientChain.Select(c => crypto.CreateCertificate(c.GetEncoded())).ToArray();
                Certificate chain = tls13
                    ? new Certificate(certificateRequest.GetCertificateRequestContext(), certs.Select(c => new CertificateEntry(c, null)).ToArray())
                    : new Certificate(certs);
                _client.CertificateSent = true;
                var signer = new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _client._clientKey, chain, algorithm);
                return _client._clientKey is RsaPrivateCrtKeyParameters rsa ? new NativeRsaCredentialedSigner(signer, rsa) : (BcCredentials)signer;
            }
        }

        /// <summary>The first of the server's signature algorithms that the client key can make.</summary>
        internal static SignatureAndHashAlgorithm? ChooseSignatureAlgorithm(AsymmetricKeyParameter key, IList<SignatureAndHashAlgorithm>? offered, bool tls13)
        {
            if (offered == null) return null;
            foreach (var alg in offered)
            {
                if (Fits(key, alg, tls13)) return alg;
            }
            return null;
        }

        private static bool Fits(AsymmetricKeyParameter key, SignatureAndHashAlgorithm alg, bool tls13)
        {
            switch (key)
            {
                case RsaKeyParameters _:
                    if (alg.Signature == SignatureAlgorithm.rsa_pss_rsae_sha256 || alg.Signature == SignatureAlgorithm.rsa_pss_rsae_sha384 ||
                        alg.Signature == SignatureAlgorithm.rsa_pss_rsae_sha512) return true;
                    return !tls13 && alg.Signature == SignatureAlgorithm.rsa && alg.Hash >= HashAlgorithm.sha256;
                case ECPrivateKeyParameters ec:
                    if (alg.Signature != SignatureAlgorithm.ecdsa) return false;
                    if (!tls13) return alg.Hash >= HashAlgorithm.sha256;
                    int bits = ec.Parameters.Curve.FieldSize;
                    short want = bits <= 256 ? HashAlgorithm.sha256 : bits <= 384 ? HashAlgorithm.sha384 : HashAlgorithm.sha512;
                    return alg.Hash == want;
                case Ed25519PrivateKeyParameters _:
                    return alg.Equals(SignatureAndHashAlgorithm.ed25519);
                case Ed448PrivateKeyParameters _:
                    return alg.Equals(SignatureAndHashAlgorithm.ed448);
                default:
                    return false;
            }
        }
    }
}
