namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// Where wire trace lines go. <see cref="Enabled"/> is checked before a line is built, so a connection
    /// nobody is watching pays nothing per packet.
    /// </summary>
    public interface IRpcTrace
    {
        bool Enabled { get; }
        void Write(string line);
    }
}
