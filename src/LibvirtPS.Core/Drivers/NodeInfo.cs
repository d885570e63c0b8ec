namespace LibvirtPS.Core.Drivers
{
    /// <summary>virNodeInfo: the host's CPU and memory.</summary>
    public sealed class NodeInfo
    {
        public NodeInfo(string model, ulong memoryKiB, int cpus, int mhz, int nodes, int sockets, int cores, int threads)
        {
            Model = model;
            MemoryKiB = memoryKiB;
            Cpus = cpus;
            Mhz = mhz;
            Nodes = nodes;
            Sockets = sockets;
            Cores = cores;
            Threads = threads;
        }

        public string Model { get; }
        public ulong MemoryKiB { get; }
        public int Cpus { get; }
        public int Mhz { get; }
        public int Nodes { get; }
        public int Sockets { get; }
        public int Cores { get; }
        public int Threads { get; }
    }
}
