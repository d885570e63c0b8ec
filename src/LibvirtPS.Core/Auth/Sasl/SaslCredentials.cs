using System;
using System.Net;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Auth.Sasl
{
    /// <summary>How mechanisms ask a <see cref="SaslContext"/> for credentials (Cyrus' prompts, libvirt's errors).</summary>
    public static class SaslCredentials
    {
        public const string AuthNamePrompt = "Please enter your authentication name";
        public const string PasswordPrompt = "Please enter your password";
        public const string RealmPrompt = "Please enter your realm";

        /// <summary>The authentication id; libvirt's error when nobody can give one.</summary>
        public static string AuthName(SaslContext context)
        {
            var v = context.GetCredential?.Invoke(SaslCredentialKind.AuthName, AuthNamePrompt);
            if (v == null) throw NoCallback();
            return v;
        }

        /// <summary>The password holder (its string is read only where it is used); libvirt's error when there is none.</summary>
        public static NetworkCredential Password(SaslContext context)
        {
            var v = context.GetPassword?.Invoke();
            if (v == null) throw NoCallback();
            return v;
        }

        /// <summary>libvirt's remoteAuthInteract error when a credential is missing and the app gave no callback.</summary>
        public static LibvirtException NoCallback() =>
            new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote, "No authentication callback available")
            {
                Hint = "Give -Credential, or an auth.conf entry ([auth-libvirt-<host>] credentials=<name>, [credentials-<name>] authname=… password=…; -AuthFile or LIBVIRT_AUTH_FILE), or run interactively.",
            };

        /// <summary>libvirt's error when the callback failed or the user declined.</summary>
        public static LibvirtException CollectFailed() =>
            new LibvirtException(LibvirtErrorCode.AuthFailed, LibvirtErrorDomain.Remote, "Failed to collect auth credentials");
    }
}
