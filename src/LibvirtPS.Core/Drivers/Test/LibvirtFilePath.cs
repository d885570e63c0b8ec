using System.Text;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>
    /// virFileSanitizePath: how libvirt stores a pool's target path and source dir, so that "/a/" and "/a//" name the
    /// same place as "/a" when pools are compared for a source conflict (and print as "/a").
    /// </summary>
    internal static class LibvirtFilePath
    {
        internal static string Sanitize(string path)
        {
            // a URI (scheme before the first '/') is left alone: two slashes may mean something there
            int scheme = path.IndexOf("://", System.StringComparison.Ordinal);
            if (scheme >= 0 && FirstSlash(path) > scheme) return path;

            var sb = new StringBuilder(path.Length);
            int i = 0;
            // a leading "//" is a valid POSIX name of its own, but "///x" is "/x"
            if (path.Length >= 2 && path[0] == '/' && path[1] == '/' && (path.Length == 2 || path[2] != '/'))
            {
                sb.Append("//");
                i = 2;
            }
            while (i < path.Length)
            {
                if (path[i] != '/')
                {
                    sb.Append(path[i++]);
                    continue;
                }
                while (i < path.Length && path[i] == '/') i++;
                // no trailing slash, except for the root itself
                if (sb.Length != 0 && i == path.Length) break;
                sb.Append('/');
            }
            return sb.ToString();
        }

        // strcspn(path, "/"): the index of the first '/', or the length when there is none
        private static int FirstSlash(string path)
        {
            int index = path.IndexOf('/');
            return index < 0 ? path.Length : index;
        }
    }
}
