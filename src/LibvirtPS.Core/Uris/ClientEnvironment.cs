using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The facts about the local machine that decide what a URI means (who we are, environment variables,
    /// home and config folders, which files exist). Planning reads only this, so tests can describe any
    /// machine and the planner never touches the network.
    /// </summary>
    public sealed class ClientEnvironment
    {
        public ClientEnvironment(bool isRoot, bool isWindows, string homeDirectory,
            IReadOnlyDictionary<string, string> variables, Func<string, bool> fileExists)
        {
            IsRoot = isRoot;
            IsWindows = isWindows;
            HomeDirectory = homeDirectory;
            Variables = variables;
            FileExists = fileExists;
        }

        /// <summary>True when the effective user id is 0 (libvirt's <c>geteuid() == 0</c>); never on Windows.</summary>
        public bool IsRoot { get; }

        public bool IsWindows { get; }

        /// <summary>The user's home folder (libvirt: the passwd entry; Windows: the user profile).</summary>
        public string HomeDirectory { get; }

        public IReadOnlyDictionary<string, string> Variables { get; }

        public Func<string, bool> FileExists { get; }

        /// <summary>An environment variable, or null when unset.</summary>
        public string? GetVariable(string name) => Variables.TryGetValue(name, out var v) ? v : null;

        /// <summary>Joins paths with '/' on Unix (libvirt's format) and '\' on Windows.</summary>
        public string Combine(string first, params string[] more)
        {
            char sep = IsWindows ? '\\' : '/';
            string result = first.TrimEnd('/', '\\');
            foreach (var part in more) result += sep + part;
            return result;
        }

        /// <summary>
        /// GLib's <c>g_get_user_config_dir()</c>: <c>$XDG_CONFIG_HOME</c>, else <c>~/.config</c>;
        /// on Windows the local application data folder.
        /// </summary>
        public string UserConfigDirectory
        {
            get
            {
                if (IsWindows)
                {
                    return NonEmpty(GetVariable("LOCALAPPDATA")) ?? Combine(HomeDirectory, "AppData", "Local");
                }
                return NonEmpty(GetVariable("XDG_CONFIG_HOME")) ?? Combine(HomeDirectory, ".config");
            }
        }

        /// <summary>
        /// GLib's <c>g_get_user_runtime_dir()</c>: <c>$XDG_RUNTIME_DIR</c>, else the user cache folder
        /// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>), as verified with libvirt 9.0.
        /// </summary>
        public string UserRuntimeDirectory
        {
            get
            {
                var runtime = NonEmpty(GetVariable("XDG_RUNTIME_DIR"));
                if (runtime != null) return runtime;
                if (IsWindows) return UserConfigDirectory;
                return NonEmpty(GetVariable("XDG_CACHE_HOME")) ?? Combine(HomeDirectory, ".cache");
            }
        }

        /// <summary>The client config file libvirt reads: root <c>/etc/libvirt/libvirt.conf</c>, others the user config folder.</summary>
        public string ClientConfigPath =>
            IsRoot ? "/etc/libvirt/libvirt.conf" : Combine(UserConfigDirectory, "libvirt", "libvirt.conf");

        private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        /// <summary>The environment of this process.</summary>
        public static ClientEnvironment Current()
        {
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                vars[(string)e.Key] = (string?)e.Value ?? "";
            }
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) home = vars.TryGetValue("HOME", out var h) ? h : "/";
            return new ClientEnvironment(!windows && EffectiveUser.IsRoot(), windows, home, vars,
                p => File.Exists(p) || Directory.Exists(p) || SocketFileExists(p));
        }

        // File.Exists is false for sockets on some runtimes; libvirt's virFileExists is true for any entry.
        private static bool SocketFileExists(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.Directory) == 0;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
