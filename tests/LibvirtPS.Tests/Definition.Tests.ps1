# New/Remove/Set-LibvirtDomain on the embedded test:///default driver.
BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
}

Describe 'Domain definition on test:///default' {
    BeforeAll {
        # the shared test:///default state lives while a connection is open: keep this one for the whole block
        $script:c = Connect-Libvirt test:///default
        $script:xml = @'
<domain type='test'>
  <name>pester-def</name>
  <uuid>4a7c1b2e-8f0d-4c3a-9e51-2b6d7f8a9c01</uuid>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
'@
    }
    AfterAll {
        Remove-LibvirtDomain pester-def -Force -Confirm:$false -Connection $c -ErrorAction SilentlyContinue
        Disconnect-Libvirt -All
    }

    It 'defines a domain from XML, sets autostart and removes it' {
        $d = New-LibvirtDomain -Xml $xml -Connection $c
        $d | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomain
        $d.Name | Should -Be 'pester-def'
        $d.State | Should -Be 'Shutoff'
        $d.Persistent | Should -BeTrue
        (Get-LibvirtDomain pester-def -Connection $c).Uuid | Should -Be ([guid]'4a7c1b2e-8f0d-4c3a-9e51-2b6d7f8a9c01')

        Set-LibvirtDomain pester-def -Autostart $true -Connection $c
        (Get-LibvirtDomain pester-def -Connection $c).Autostart | Should -BeTrue
        (Get-LibvirtDomain pester-def -Connection $c | Set-LibvirtDomain -Autostart $false -PassThru).Autostart | Should -BeFalse

        Remove-LibvirtDomain pester-def -Confirm:$false -Connection $c
        Get-LibvirtDomain -Connection $c | Where-Object Name -eq 'pester-def' | Should -BeNullOrEmpty
    }

    It 'takes [xml] and starts with -Start; a running domain needs -Force' {
        $d = New-LibvirtDomain -Xml ([xml]$xml) -Start -Connection $c
        $d.State | Should -Be 'Running'
        Remove-LibvirtDomain pester-def -Confirm:$false -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DomainIsActive,*'
        (Get-LibvirtDomain pester-def -Connection $c).State | Should -Be 'Running'
        Get-LibvirtDomain pester-def -Connection $c | Remove-LibvirtDomain -Force -Confirm:$false
        Get-LibvirtDomain -Connection $c | Where-Object Name -eq 'pester-def' | Should -BeNullOrEmpty
    }

    It '-Transient creates a running transient domain that goes away when destroyed' {
        $d = $xml | New-LibvirtDomain -Transient -Connection $c
        $d.State | Should -Be 'Running'
        $d.Persistent | Should -BeFalse
        Stop-LibvirtDomain pester-def -Force -Confirm:$false -Connection $c
        Get-LibvirtDomain -Connection $c | Where-Object Name -eq 'pester-def' | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        New-LibvirtDomain -Xml $xml -WhatIf -Connection $c | Should -BeNullOrEmpty
        Get-LibvirtDomain -Connection $c | Where-Object Name -eq 'pester-def' | Should -BeNullOrEmpty
        Set-LibvirtDomain test -Autostart $true -WhatIf -Connection $c
        (Get-LibvirtDomain test -Connection $c).Autostart | Should -BeFalse
        Remove-LibvirtDomain test -Force -WhatIf -Connection $c
        (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Running'
    }

    It 'bad XML is a non-terminating error with libvirt''s message' {
        $out = New-LibvirtDomain -Xml "<domain type='test'><name>x</name></domain>", $xml -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DefineDomainFailed,*'
        $err[0].Exception.Message | Should -Be 'XML error: an os <type> must be specified'
        $out.Name | Should -Be 'pester-def'
        Remove-LibvirtDomain pester-def -Confirm:$false -Connection $c
    }
}
