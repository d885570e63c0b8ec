# Start/Stop/Restart/Suspend/Resume-LibvirtDomain and Get-LibvirtDomainXml on the embedded test:///default driver.
BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
}

Describe 'Domain lifecycle on test:///default' {
    BeforeAll {
        # the shared test:///default state lives while a connection is open: keep this one for the whole block
        $script:c = Connect-Libvirt test:///default
        function Get-State { (Get-LibvirtDomain test -Connection $c).State }
    }
    AfterAll {
        Disconnect-Libvirt -All
    }
    AfterEach {
        # back to running whatever a test did
        switch (Get-State) {
            'Paused' { Resume-LibvirtDomain test -Connection $c }
            'Shutoff' { Start-LibvirtDomain test -Connection $c }
        }
    }

    It 'suspends and resumes the domain' {
        Suspend-LibvirtDomain test -Connection $c
        Get-State | Should -Be 'Paused'
        Resume-LibvirtDomain test -Connection $c
        Get-State | Should -Be 'Running'
    }

    It 'stops with -Force and starts again with a new id' {
        $before = Get-LibvirtDomain test -Connection $c
        Stop-LibvirtDomain test -Force -Confirm:$false -Connection $c
        $off = Get-LibvirtDomain test -Connection $c
        $off.State | Should -Be 'Shutoff'
        $off.Id | Should -BeNullOrEmpty
        $d = Start-LibvirtDomain test -Connection $c -PassThru
        $d | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomain
        $d.State | Should -Be 'Running'
        $d.Id | Should -BeGreaterThan $before.Id
    }

    It 'shuts down gracefully (on_poweroff destroy) and reboots' {
        Stop-LibvirtDomain test -Connection $c
        Get-State | Should -Be 'Shutoff'
        Start-LibvirtDomain test -Connection $c
        Restart-LibvirtDomain test -Connection $c -PassThru | ForEach-Object State | Should -Be 'Running'
    }

    It '-WhatIf changes nothing' {
        Stop-LibvirtDomain test -Force -WhatIf -Connection $c
        Suspend-LibvirtDomain test -WhatIf -Connection $c
        Stop-LibvirtDomain test -WhatIf -Connection $c -PassThru | Should -BeNullOrEmpty
        Get-State | Should -Be 'Running'
    }

    It 'starting a running domain is a non-terminating error' {
        $out = Start-LibvirtDomain test -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue -PassThru
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be 'test'
        $err[0].Exception.Message | Should -Match 'already running'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StartDomainFailed,*'
        Get-State | Should -Be 'Running'
    }

    It 'a missing name is a non-terminating DomainNotFound and the other names still act' {
        Suspend-LibvirtDomain nosuch, test -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
        Get-State | Should -Be 'Paused'
    }

    It 'takes domains from Get-LibvirtDomain on the pipeline' {
        $r = Get-LibvirtDomain test -Connection $c | Suspend-LibvirtDomain -PassThru
        $r.State | Should -Be 'Paused'
        Get-LibvirtDomain -Connection $c | Resume-LibvirtDomain
        Get-State | Should -Be 'Running'
    }

    It 'takes names by property name' {
        [pscustomobject]@{ Name = 'test'; Connection = $c } | Suspend-LibvirtDomain
        Get-State | Should -Be 'Paused'
    }

    It 'uses the session default connection' {
        Suspend-LibvirtDomain test
        Get-State | Should -Be 'Paused'
    }

    It 'Get-LibvirtDomainXml returns the definition as xml' {
        $x = Get-LibvirtDomainXml test -Connection $c
        $x | Should -BeOfType System.Xml.XmlDocument
        $x.OuterXml | Should -Match '<name>test</name>'
        $x.domain.name | Should -Be 'test'
        (Get-LibvirtDomain test -Connection $c | Get-LibvirtDomainXml -Inactive).domain.name | Should -Be 'test'
    }
}
