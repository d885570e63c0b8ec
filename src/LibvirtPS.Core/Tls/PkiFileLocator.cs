using LibvirtPS.Core.Uris;

namespace LibvirtPS.Core.Tls
{
    /// <summary>
    /// libvirt's <c>virNetTLSContextLocateCredentials</c>: <c>pkipath=</c> decides everything; otherwise a
    /// non-root user's <c>~/.pki/libvirt</c> files are preferred one by one (cert and key only as a pair);
    /// otherwise the system files. On Windows the system folder is <c>%ProgramData%\libvirt\pki</c>.
    /// </summary>
    public static class PkiFileLocator
    {
        public static PkiPaths Locate(string? pkiPath, ClientEnvironment env)
        {
            if (pkiPath != null)
            {
                return new PkiPaths(env.Combine(pkiPath, "cacert.pem"), PkiSource.PkiPath,
                    env.Combine(pkiPath, "cacrl.pem"), PkiSource.PkiPath,
                    env.Combine(pkiPath, "clientcert.pem"), env.Combine(pkiPath, "clientkey.pem"), PkiSource.PkiPath);
            }

            string ca, crl, cert, key;
            if (env.IsWindows)
            {
                string root = env.Combine(env.GetVariable("ProgramData") ?? "C:\\ProgramData", "libvirt", "pki");
                ca = env.Combine(root, "CA", "cacert.pem");
                crl = env.Combine(root, "CA", "cacrl.pem");
                cert = env.Combine(root, "libvirt", "clientcert.pem");
                key = env.Combine(root, "libvirt", "private", "clientkey.pem");
            }
            else
            {
                ca = "/etc/pki/CA/cacert.pem";
                crl = "/etc/pki/CA/cacrl.pem";
                cert = "/etc/pki/libvirt/clientcert.pem";
                key = "/etc/pki/libvirt/private/clientkey.pem";
            }
            PkiSource caSrc = PkiSource.System, crlSrc = PkiSource.System, clientSrc = PkiSource.System;

            if (!env.IsRoot)
            {
                string user = env.Combine(env.HomeDirectory, ".pki", "libvirt");
                string userCa = env.Combine(user, "cacert.pem");
                string userCrl = env.Combine(user, "cacrl.pem");
                string userCert = env.Combine(user, "clientcert.pem");
                string userKey = env.Combine(user, "clientkey.pem");
                if (env.FileExists(userCa)) { ca = userCa; caSrc = PkiSource.PerUser; }
                if (env.FileExists(userCrl)) { crl = userCrl; crlSrc = PkiSource.PerUser; }
                if (env.FileExists(userCert) && env.FileExists(userKey))
                {
                    cert = userCert;
                    key = userKey;
                    clientSrc = PkiSource.PerUser;
                }
            }
            return new PkiPaths(ca, caSrc, crl, crlSrc, cert, key, clientSrc);
        }
    }
}
