using System;
using Org.BouncyCastle.Utilities;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// BouncyCastle runs Miller-Rabin rounds on every RSA modulus it parses (to prove it composite), about 25 ms
    /// per 2048-bit key, several keys per connection. GnuTLS, libvirt's TLS library, does not; its cheap checks
    /// (size, small factors) stay on. Applied per thread, around our own parsing only.
    /// </summary>
    internal static class GnuTlsKeyChecks
    {
        private const string MaxMillerRabinTests = "Org.BouncyCastle.Rsa.MaxMRTests";

        internal static T Apply<T>(Func<T> work) => Properties.WithThreadProperty(MaxMillerRabinTests, "0", work);
    }
}
