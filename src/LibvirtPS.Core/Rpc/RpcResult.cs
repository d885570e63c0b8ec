using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Rpc
{
    /// <summary>The outcome of one call in a batch: its reply, or the libvirt error the daemon sent for it.</summary>
    public readonly struct RpcResult<T>
    {
        public RpcResult(T? value, LibvirtException? error)
        {
            Value = value;
            Error = error;
        }

        public T? Value { get; }
        public LibvirtException? Error { get; }
        public bool IsOk => Error == null;
    }
}
