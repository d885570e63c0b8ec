using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Uris
{
    /// <summary>
    /// A parsed libvirt config file (<c>src/util/virconf.c</c> syntax): <c>name = value</c> statements separated
    /// by newlines or ';', '#' comments, strings in '…', "…" or """…""", integers, and lists <c>[ a, b, ]</c>.
    /// Lookups return the first entry of a name, as libvirt's do.
    /// </summary>
    public sealed class VirConf
    {
        private readonly List<KeyValuePair<string, VirConfValue>> _entries;

        private VirConf(string fileName, List<KeyValuePair<string, VirConfValue>> entries)
        {
            FileName = fileName;
            _entries = entries;
        }

        /// <summary>The file name used in error messages.</summary>
        public string FileName { get; }

        /// <summary>Every statement in file order.</summary>
        public IReadOnlyList<KeyValuePair<string, VirConfValue>> Entries => _entries;

        /// <summary>Reads and parses a file; a missing trailing newline is added, as libvirt does.</summary>
        public static VirConf ReadFile(string path)
        {
            string content;
            try
            {
                content = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new LibvirtException(LibvirtErrorCode.SystemError, LibvirtErrorDomain.Conf,
                    "Failed to open file '" + path + "': " + e.Message, inner: e);
            }
            if (content.Length > 0 && content[content.Length - 1] != '\n') content += "\n";
            return Parse(path, content);
        }

        /// <summary>
        /// Parses text. Like libvirt, the last character of the text is treated as the end marker (a file
        /// always ends in a newline by the time it gets here).
        /// </summary>
        public static VirConf Parse(string fileName, string content)
        {
            var parser = new VirConfParser(fileName, content);
            return new VirConf(fileName, parser.ParseAll());
        }

        /// <summary>The first value of this name, or null.</summary>
        public VirConfValue? Get(string name) =>
            _entries.Where(e => e.Key == name).Select(e => e.Value).FirstOrDefault();

        /// <summary>libvirt's <c>virConfGetValueString</c>: null when absent, an error when not a string.</summary>
        public string? GetString(string name)
        {
            var value = Get(name);
            if (value == null) return null;
            if (value.Type != VirConfValueType.String)
            {
                throw new LibvirtException(LibvirtErrorCode.InternalError, LibvirtErrorDomain.Conf,
                    FileName + ": expected a string for '" + name + "' parameter");
            }
            return value.Text;
        }

        /// <summary>libvirt's <c>virConfGetValueStringList</c> without the single-string compatibility.</summary>
        public IReadOnlyList<string>? GetStringList(string name)
        {
            var value = Get(name);
            if (value == null) return null;
            if (value.Type != VirConfValueType.List || value.Items.Any(i => i.Type != VirConfValueType.String))
            {
                throw new LibvirtException(LibvirtErrorCode.InternalError, LibvirtErrorDomain.Conf,
                    FileName + ": expected a string list for '" + name + "' parameter");
            }
            return value.Items.Select(i => i.Text!).ToList();
        }
    }
}
