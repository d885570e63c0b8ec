using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace LibvirtPS.Core.Transports.Ssh
{
    /// <summary>What known_hosts says about a host key.</summary>
    public enum KnownHostStatus
    {
        /// <summary>An entry for the host holds this key.</summary>
        Match,
        /// <summary>No entry for the host (or only revoked/CA lines).</summary>
        NotFound,
        /// <summary>The host has an entry with the same key type but another key: possible man in the middle.</summary>
        Changed,
        /// <summary>The host has entries, but only for other key types.</summary>
        OtherType,
        /// <summary>The key is marked <c>@revoked</c>.</summary>
        Revoked,
    }

    /// <summary>
    /// OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and hashed (<c>|1|salt|hash</c>)
    /// host patterns with <c>*</c>/<c>?</c> wildcards and <c>!</c> negation, <c>[host]:port</c> for ports other
    /// than 22, markers, any key type. Pure functions over lines, so they are unit-testable.
    /// </summary>
    public static class KnownHosts
    {
        /// <summary>The name looked up and written: <c>host</c> for port 22, else <c>[host]:port</c>.</summary>
        public static string HostEntryName(string host, int port) => port == 22 ? host : "[" + host + "]:" + port;

        /// <summary>The key type inside an SSH public key blob (its first string), e.g. <c>ssh-ed25519</c>.</summary>
        public static string KeyTypeOf(byte[] blob)
        {
            if (blob.Length < 4) throw new FormatException("public key blob too short");
            int len = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            if (len <= 0 || len > blob.Length - 4) throw new FormatException("public key blob has a bad type length");
            return Encoding.ASCII.GetString(blob, 4, len);
        }

        /// <summary>The fingerprint as OpenSSH prints it: <c>SHA256:</c> + unpadded base64 of SHA-256(blob).</summary>
        public static string Fingerprint(byte[] blob)
        {
            using (var sha = SHA256.Create())
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(blob)).TrimEnd('=');
        }

        /// <summary>The line libvirt's libssh2 transport adds (plain host name, no comment).</summary>
        public static string FormatLine(string host, int port, byte[] blob) =>
            HostEntryName(host, port) + " " + KeyTypeOf(blob) + " " + Convert.ToBase64String(blob);

        /// <summary>Checks <paramref name="blob"/> for <paramref name="host"/>:<paramref name="port"/> against the lines of a known_hosts file.</summary>
        public static KnownHostStatus Check(IEnumerable<string> lines, string host, int port, byte[] blob)
        {
            string name = HostEntryName(host, port);
            string type = KeyTypeOf(blob);
            bool sameTypeOther = false, otherType = false, match = false;
            foreach (var raw in lines)
            {
                if (!TryParseLine(raw, out var entry)) continue;
                if (entry.Marker == "@cert-authority") continue;
                if (!HostMatches(entry.Hosts, name)) continue;
                bool sameKey = entry.Key != null && BlobEquals(entry.Key, blob);
                if (entry.Marker == "@revoked")
                {
                    if (sameKey) return KnownHostStatus.Revoked;
                    continue;
                }
                if (sameKey) match = true;
                else if (string.Equals(entry.KeyType, type, StringComparison.Ordinal)) sameTypeOther = true;
                else otherType = true;
            }
            if (match) return KnownHostStatus.Match;
            if (sameTypeOther) return KnownHostStatus.Changed;
            return otherType ? KnownHostStatus.OtherType : KnownHostStatus.NotFound;
        }

        /// <summary>Reads the file's lines; a missing file has none.</summary>
        public static IReadOnlyList<string> ReadLines(string path)
        {
            try
            {
                return File.ReadAllLines(path);
            }
            catch (FileNotFoundException) { return Array.Empty<string>(); }
            catch (DirectoryNotFoundException) { return Array.Empty<string>(); }
        }

        /// <summary>Appends a line (creating the file and its folder, owner-only where supported).</summary>
        public static void Append(string path, string line)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            bool needsNewline = false;
            if (File.Exists(path))
            {
                var len = new FileInfo(path).Length;
                if (len > 0)
                {
                    using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                    {
                        f.Seek(-1, SeekOrigin.End);
                        needsNewline = f.ReadByte() != '\n';
                    }
                }
            }
            File.AppendAllText(path, (needsNewline ? "\n" : "") + line + "\n");
        }

        internal sealed class Entry
        {
            public string? Marker;
            public string Hosts = "";
            public string KeyType = "";
            public byte[]? Key;
        }

        internal static bool TryParseLine(string raw, out Entry entry)
        {
            entry = new Entry();
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') return false;
            var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            int i = 0;
            if (fields[0].StartsWith("@", StringComparison.Ordinal))
            {
                entry.Marker = fields[0].ToLowerInvariant();
                i = 1;
            }
            if (fields.Length < i + 3) return false;
            entry.Hosts = fields[i];
            entry.KeyType = fields[i + 1];
            try
            {
                entry.Key = Convert.FromBase64String(fields[i + 2]);
            }
            catch (FormatException)
            {
                return false;
            }
            return true;
        }

        /// <summary>OpenSSH's match_hostname over a known_hosts host field (hashed or a pattern list).</summary>
        public static bool HostMatches(string hostsField, string name)
        {
            if (hostsField.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatches(hostsField, name);
            bool positive = false;
            foreach (var p in hostsField.Split(','))
            {
                if (p.Length == 0) continue;
                bool negate = p[0] == '!';
                string pattern = negate ? p.Substring(1) : p;
                if (!WildcardMatch(pattern.ToLowerInvariant(), name.ToLowerInvariant())) continue;
                if (negate) return false;
                positive = true;
            }
            return positive;
        }

        /// <summary>A hashed host field <c>|1|base64(salt)|base64(HMAC-SHA1(salt, name))</c>.</summary>
        public static string HashHostName(string name, byte[] salt)
        {
            using (var hmac = new HMACSHA1(salt))
                return "|1|" + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(name)));
        }

        private static bool HashedMatches(string field, string name)
        {
            var parts = field.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                return string.Equals(HashHostName(name, salt), field, StringComparison.Ordinal);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool WildcardMatch(string pattern, string s)
        {
            int p = 0, i = 0, star = -1, mark = 0;
            while (i < s.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == s[i])) { p++; i++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = i; }
                else if (star >= 0) { p = star + 1; i = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static bool BlobEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
