namespace LibvirtPS.Support
{
    /// <summary>Small helpers shared by the storage cmdlets.</summary>
    internal static class StorageCommands
    {
        /// <summary>Human-readable sizes for progress and messages (binary units, like virsh).</summary>
        internal static string Size(double bytes)
        {
            string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
            int u = 0;
            while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
            return bytes.ToString(u == 0 ? "0" : "0.00", System.Globalization.CultureInfo.InvariantCulture) + " " + units[u];
        }
    }
}
