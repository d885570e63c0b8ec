namespace LibvirtPS.Core.Rpc
{
    /// <summary>
    /// A message body that knows its XDR form. Message types declare their fields and get these two methods
    /// generated (see <see cref="XdrStructAttribute"/>); a few (unions) implement them by hand.
    /// </summary>
    public interface IXdrSerializable
    {
        void WriteTo(XdrWriter writer);
        void ReadFrom(XdrReader reader);
    }
}
