using System;
using LibvirtPS.Core.Errors;

namespace LibvirtPS.Core.Drivers.Test
{
    /// <summary>The test driver's storage errors with libvirt 9.0's codes and texts (checked with virsh and python-libvirt).</summary>
    internal static class TestStorageErrors
    {
        internal static LibvirtException NoPoolByName(string name)
        {
            var detail = "no storage pool with matching name '" + name + "'";
            return TestDriverErrors.Make(LibvirtErrorCode.NoStoragePool, LibvirtErrorDomain.Test, "Storage pool not found: " + detail, detail);
        }

        internal static LibvirtException NoPoolByUuid(Guid uuid)
        {
            var detail = "no storage pool with matching uuid '" + uuid.ToString("D") + "'";
            return TestDriverErrors.Make(LibvirtErrorCode.NoStoragePool, LibvirtErrorDomain.Test, "Storage pool not found: " + detail, detail);
        }

        internal static LibvirtException NoVolume(string name)
        {
            var detail = "no storage vol with matching name '" + name + "'";
            return TestDriverErrors.Make(LibvirtErrorCode.NoStorageVol, LibvirtErrorDomain.Test, "Storage volume not found: " + detail, detail);
        }

        internal static LibvirtException Invalid(string detail) =>
            TestDriverErrors.Make(LibvirtErrorCode.OperationInvalid, LibvirtErrorDomain.Test, "Requested operation is not valid: " + detail, detail);

        internal static LibvirtException PoolActive(string name) => Invalid("storage pool '" + name + "' is active");

        internal static LibvirtException PoolNotActive(string name) => Invalid("storage pool '" + name + "' is not active");

        /// <summary>The driver has no such entry point (the test driver's upload, download, wipe, resize).</summary>
        internal static LibvirtException NoSupport(string function) =>
            TestDriverErrors.Make(LibvirtErrorCode.NoSupport, LibvirtErrorDomain.Storage,
                "this function is not supported by the connection driver: " + function, function);

        internal static LibvirtException ReadOnly(string function)
        {
            var detail = "read only access prevents " + function;
            return TestDriverErrors.Make(LibvirtErrorCode.OperationDenied, LibvirtErrorDomain.Storage, "operation forbidden: " + detail, detail);
        }
    }
}
