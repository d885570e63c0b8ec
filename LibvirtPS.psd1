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
    FormatsToProcess       = @('out/LibvirtPS/LibvirtPS.Format.ps1xml', 'out/LibvirtPS/LibvirtPS.Storage.Format.ps1xml')
    TypesToProcess         = @('out/LibvirtPS/LibvirtPS.Types.ps1xml')
    CmdletsToExport        = @(
        'Clear-LibvirtStorageVolume'
        'Connect-Libvirt'
        'Copy-LibvirtStorageVolume'
        'Disconnect-Libvirt'
        'Export-LibvirtStorageVolume'
        'Get-LibvirtConnection'
        'Get-LibvirtDomain'
        'Get-LibvirtDomainXml'
        'Get-LibvirtHost'
        'Get-LibvirtStoragePool'
        'Get-LibvirtStorageVolume'
        'Import-LibvirtStorageVolume'
        'New-LibvirtDomain'
        'New-LibvirtStoragePool'
        'New-LibvirtStorageVolume'
        'Remove-LibvirtDomain'
        'Remove-LibvirtStoragePool'
        'Remove-LibvirtStorageVolume'
        'Resize-LibvirtStorageVolume'
        'Resolve-LibvirtUri'
        'Restart-LibvirtDomain'
        'Resume-LibvirtDomain'
        'Save-LibvirtDomainScreenshot'
        'Set-LibvirtDomain'
        'Start-LibvirtDomain'
        'Start-LibvirtStoragePool'
        'Stop-LibvirtDomain'
        'Stop-LibvirtStoragePool'
        'Suspend-LibvirtDomain'
        'Test-LibvirtTls'
        'Update-LibvirtStoragePool'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('libvirt', 'KVM', 'QEMU', 'Xen', 'virtualization', 'virsh', 'Linux', 'Windows', 'MacOS', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://libvirt.org/uri.html'
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Resolve-LibvirtUri (libvirt 9.0 URI semantics); Connect-Libvirt, Get-LibvirtDomain, Get-LibvirtHost over unix and tcp and the embedded test:///default driver.'
        }
    }
}
