using System;

namespace LibvirtPS.Core.Drivers
{
    /// <summary>A host as Get-LibvirtHost writes it: node info, versions and identity.</summary>
    public sealed class LibvirtHostInfo
    {
        public LibvirtHostInfo(NodeInfo node, LibvirtConnection connection)
        {
            HostName = connection.HostName;
            HypervisorType = connection.HypervisorType;
            HypervisorVersion = connection.HypervisorVersion;
            LibvirtVersion = connection.LibvirtVersion;
            CpuModel = node.Model;
            Memory = node.MemoryKiB * 1024;
            Cpus = node.Cpus;
            Mhz = node.Mhz;
            Nodes = node.Nodes;
            Sockets = node.Sockets;
            Cores = node.Cores;
            Threads = node.Threads;
            Uri = connection.Uri;
            Connection = connection;
        }

        public string HostName { get; }
        public string HypervisorType { get; }
        public Version HypervisorVersion { get; }
        public Version LibvirtVersion { get; }
        public string CpuModel { get; }
        /// <summary>Memory in bytes.</summary>
        public ulong Memory { get; }
        public int Cpus { get; }
        public int Mhz { get; }
        public int Nodes { get; }
        public int Sockets { get; }
        public int Cores { get; }
        public int Threads { get; }
        public string Uri { get; }
        public LibvirtConnection Connection { get; }

        /// <summary>Free memory of the host in bytes (virNodeGetFreeMemory); null when the driver does not tell.</summary>
        public ulong? FreeMemory { get; set; }

        /// <summary>The host capabilities (virConnectGetCapabilities), summarized; null when the driver does not tell.</summary>
        public HostCapabilities? Capabilities { get; set; }
    }
}
