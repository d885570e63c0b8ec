namespace LibvirtPS.Core.Errors
{
    /// <summary>libvirt's <c>virErrorDomain</c> values: which part of libvirt raised an error.</summary>
    public enum LibvirtErrorDomain
    {
        None = 0, Xen = 1, Xend = 2, Xenstore = 3, Sexpr = 4, Xml = 5, Dom = 6, Rpc = 7, Proxy = 8, Conf = 9,
        Qemu = 10, Net = 11, Test = 12, Remote = 13, Openvz = 14, Xenxm = 15, StatsLinux = 16, Lxc = 17,
        Storage = 18, Network = 19, Domain = 20, Uml = 21, Nodedev = 22, XenInotify = 23, Security = 24, Vbox = 25,
        Interface = 26, One = 27, Esx = 28, Phyp = 29, Secret = 30, Cpu = 31, Xenapi = 32, Nwfilter = 33, Hook = 34,
        DomainSnapshot = 35, Audit = 36, Sysinfo = 37, Streams = 38, Vmware = 39, Event = 40, Libxl = 41,
        Locking = 42, Hyperv = 43, Capabilities = 44, Uri = 45, Auth = 46, Dbus = 47, Parallels = 48, Device = 49,
        Ssh = 50, Lockspace = 51, Initctl = 52, Identity = 53, Cgroup = 54, Access = 55, Systemd = 56, Bhyve = 57,
        Crypto = 58, Firewall = 59, Polkit = 60, Thread = 61, Admin = 62, Logging = 63, Xenxl = 64, Perf = 65,
        Libssh = 66, Resctrl = 67, Firewalld = 68, DomainCheckpoint = 69, Tpm = 70, Bpf = 71, Ch = 72,
    }
}
