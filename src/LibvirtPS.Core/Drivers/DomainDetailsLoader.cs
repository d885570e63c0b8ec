using System;
using System.Collections.Generic;
using System.Threading;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>
    /// Reads what a bulk listing left out (max memory, memory, vCPUs, CPU time: libvirt's test driver, for one, has
    /// no bulk stats for them) for every domain of that listing on one connection, once, when the first of them is
    /// asked: one pipelined burst instead of a call per object, and none at all for a script that only filters on
    /// names and states. Thread-safe. A failed read is remembered and given to every later access: a dead or stuck
    /// connection costs one failure (within the connection's call timeout), not one per object and property. PowerShell
    /// shows a property whose getter throws as empty, so the format views and the help say what an empty value means.
    /// </summary>
    public sealed class DomainDetailsLoader
    {
        private readonly LibvirtConnection _connection;
        private readonly IReadOnlyList<DomainInfo> _domains;
        private readonly object _gate = new object();
        private IReadOnlyDictionary<Guid, DomainInfo>? _details;
        private LibvirtException? _failure;

        public DomainDetailsLoader(LibvirtConnection connection, IReadOnlyList<DomainInfo> domains)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _domains = domains ?? throw new ArgumentNullException(nameof(domains));
        }

        /// <summary>True once the details have been read.</summary>
        public bool IsLoaded => Volatile.Read(ref _details) != null;

        /// <summary>The domain's details; reads those of the whole listing the first time.</summary>
        public DomainInfo For(DomainInfo listed)
        {
            var details = Load(listed);
            if (details.TryGetValue(listed.Uuid, out var d)) return d;
            throw new LibvirtException(LibvirtErrorCode.NoDomain, LibvirtErrorDomain.Dom,
                "domain '" + listed.Name + "' no longer exists on " + _connection.Uri + ", so its memory, vCPUs and CPU time cannot be read");
        }

        // the message names the domain first asked; the failure is the listing's, so later ones share it
        private IReadOnlyDictionary<Guid, DomainInfo> Load(DomainInfo listed)
        {
            // one burst even when several threads ask at once; the call timeout of the connection bounds the wait
            lock (_gate)
            {
                if (_details != null) return _details;
                if (_failure != null) throw _failure;
                try
                {
                    var read = _connection.Hypervisor.GetDomainDetailsAsync(_domains, CancellationToken.None).GetAwaiter().GetResult();
                    Volatile.Write(ref _details, read);
                    return read;
                }
                catch (LibvirtException e)
                {
                    // a property getter's error reaches the user as "Exception getting 'Memory'": the message itself
                    // has to say what happened and what to do
                    throw _failure = new LibvirtException(LibvirtErrorCode.OperationFailed, LibvirtErrorDomain.Dom,
                        "cannot read the memory, vCPUs and CPU time of the domains listed on " + _connection.Uri + ": " + e.Message +
                        ". Get-LibvirtDomain reads them when first used; list again, or list with -Detailed to read them with the listing",
                        inner: e)
                    {
                        Hint = "Run Get-LibvirtDomain again on a live connection, or with -Detailed to read the details while listing.",
                    };
                }
            }
        }
    }
}
