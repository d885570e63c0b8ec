using System;
using System.Collections.Generic;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// The first half of libvirt's <c>virConnectOpenInternal</c>: legacy names, the default URI chain
    /// (<c>LIBVIRT_DEFAULT_URI</c>, then <c>uri_default</c>), aliases, parsing and the checks libvirt makes
    /// before any driver sees the URI.
    /// </summary>
    internal static class UriResolver
    {
        internal sealed class Result
        {
            public string? Text;
            public LibvirtUri? Uri;
            public UriSource Source;
            public string? Alias;
        }

        internal static Result Resolve(string? given, ClientConfig config, ClientEnvironment env, List<string> decisions)
        {
            var result = new Result { Source = UriSource.Argument };
            string? name = string.IsNullOrEmpty(given) ? null : given;

            if (name != null && (string.Equals(name, "xen", StringComparison.OrdinalIgnoreCase) || name == "xen://"))
            {
                decisions.Add("'" + name + "' is libvirt's legacy name for xen:///system");
                name = "xen:///system";
            }

            if (name == null)
            {
                string? fromEnv = env.GetVariable("LIBVIRT_DEFAULT_URI");
                if (!string.IsNullOrEmpty(fromEnv))
                {
                    name = fromEnv;
                    result.Source = UriSource.Environment;
                    decisions.Add("URI '" + name + "' from LIBVIRT_DEFAULT_URI");
                }
                else
                {
                    name = config.UriDefault;
                    if (name != null)
                    {
                        result.Source = UriSource.ConfigFile;
                        decisions.Add("URI '" + name + "' from uri_default in " + config.Path);
                    }
                }
            }

            if (name == null)
            {
                result.Source = UriSource.Probe;
                decisions.Add("no URI given, none in LIBVIRT_DEFAULT_URI or uri_default: the local daemon is asked which hypervisor it serves");
                return result;
            }

            string? expanded = config.ResolveAlias(name);
            if (expanded != null)
            {
                decisions.Add("alias '" + name + "' from uri_aliases in " + config.Path + " means '" + expanded + "'");
                result.Alias = name;
                result.Source = UriSource.Alias;
                name = expanded;
            }

            var uri = LibvirtUri.Parse(name);
            if (uri.Path == null)
            {
                // libvirt turns a missing path into "" before any driver sees the URI
                uri = new LibvirtUri(uri.Scheme, uri.Server, uri.User, uri.Port, "", uri.Query, uri.Fragment, uri.Parameters);
            }

            if (uri.Scheme == null)
            {
                throw new LibvirtException(LibvirtErrorCode.NoConnect, LibvirtErrorDomain.None,
                    "URI '" + name + "' does not include a driver name");
            }

            if (uri.Server != null && (uri.Scheme == "qemu" || uri.Scheme == "vbox" || uri.Scheme == "vz") &&
                (uri.Server == "system" || uri.Server == "session"))
            {
                throw new LibvirtException(LibvirtErrorCode.InternalError, LibvirtErrorDomain.None,
                    "invalid URI " + name + " (maybe you want " + uri.Scheme + ":///" + uri.Server + ")");
            }

            result.Text = name;
            result.Uri = uri;
            return result;
        }
    }
}
