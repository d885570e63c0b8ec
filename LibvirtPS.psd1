#
# Module manifest for LibvirtPS. It points at the build output (out/LibvirtPS), so after
# `dotnet pwsh ./build.ps1 Build` the module loads from the repository root with Import-Module ./LibvirtPS.psd1.
#
@{
    RootModule             = 'out/LibvirtPS/LibvirtPS.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '25fd2e3c-12b6-4c7c-b8ef-ec0701ed7a98'
    Author                 = 'LibvirtPS developers'
    CompanyName            = 'LibvirtPS'
    Copyright              = '(c) LibvirtPS developers. MIT License.'
    Description            = 'Manage libvirt hosts (KVM/QEMU, Xen, the test driver) from PowerShell by speaking libvirt''s remote RPC protocol in managed code: no native libvirt on the client. URIs mean exactly what they mean to libvirt''s own client.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('out/LibvirtPS/LibvirtPS.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Network.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Settings.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Snapshot.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Events.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Storage.Format.ps1xml')
    TypesToProcess         = @('out/LibvirtPS/LibvirtPS.Types.ps1xml')
    CmdletsToExport        = @(
        'Add-LibvirtDomainDevice'
        'Add-LibvirtDomainDisk'
        'Add-LibvirtDomainNetworkAdapter'
        'Clear-LibvirtStorageVolume'
        'Connect-Libvirt'
        'Copy-LibvirtStorageVolume'
        'Disconnect-Libvirt'
        'Dismount-LibvirtDomainCdrom'
        'Export-LibvirtStorageVolume'
        'Get-LibvirtConnection'
        'Get-LibvirtDomain'
        'Get-LibvirtDomainSnapshot'
        'Get-LibvirtDomainXml'
        'Get-LibvirtEvent'
        'Get-LibvirtHost'
        'Get-LibvirtNetwork'
        'Get-LibvirtNetworkDhcpLease'
        'Get-LibvirtNetworkXml'
        'Get-LibvirtStoragePool'
        'Get-LibvirtStorageVolume'
        'Import-LibvirtStorageVolume'
        'Invoke-LibvirtGuestAgentCommand'
        'Mount-LibvirtDomainCdrom'
        'New-LibvirtDomain'
        'New-LibvirtDomainSnapshot'
        'New-LibvirtNetwork'
        'New-LibvirtStoragePool'
        'New-LibvirtStorageVolume'
        'Register-LibvirtDomainEvent'
        'Register-LibvirtNetworkEvent'
        'Register-LibvirtStoragePoolEvent'
        'Remove-LibvirtDomain'
        'Remove-LibvirtDomainDevice'
        'Remove-LibvirtDomainSnapshot'
        'Remove-LibvirtNetwork'
        'Remove-LibvirtStoragePool'
        'Remove-LibvirtStorageVolume'
        'Resize-LibvirtStorageVolume'
        'Resolve-LibvirtUri'
        'Restart-LibvirtDomain'
        'Restore-LibvirtDomain'
        'Restore-LibvirtDomainSnapshot'
        'Resume-LibvirtDomain'
        'Save-LibvirtDomain'
        'Save-LibvirtDomainScreenshot'
        'Set-LibvirtDomain'
        'Set-LibvirtNetwork'
        'Start-LibvirtDomain'
        'Start-LibvirtNetwork'
        'Start-LibvirtStoragePool'
        'Stop-LibvirtDomain'
        'Stop-LibvirtNetwork'
        'Stop-LibvirtStoragePool'
        'Suspend-LibvirtDomain'
        'Test-LibvirtTls'
        'Unregister-LibvirtEvent'
        'Update-LibvirtDomainDevice'
        'Update-LibvirtStoragePool'
        'Wait-LibvirtEvent'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @(
        'Get-LibvirtDomainEvent'
        'Unregister-LibvirtDomainEvent'
        'Wait-LibvirtDomainEvent'
    )
    PrivateData            = @{
        PSData = @{
            Tags         = @('libvirt', 'KVM', 'QEMU', 'Xen', 'virtualization', 'virsh', 'Linux', 'Windows', 'MacOS', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://libvirt.org/uri.html'
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Resolve-LibvirtUri (libvirt 9.0 URI semantics); Connect-Libvirt, Get-LibvirtDomain, Get-LibvirtHost over unix and tcp and the embedded test:///default driver.'
        }
    }
}
