# Connect-Libvirt, Get-LibvirtConnection, Disconnect-Libvirt, Get-LibvirtHost and Get-LibvirtDomain as a user
# types them, on the embedded test:///default driver (no daemon needed).
BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
}

Describe 'LibvirtPS connections' {
AfterEach {
    Disconnect-Libvirt -All
}

Describe 'Connect-Libvirt on test:///default' {
    It 'returns a typed connection that becomes the default' {
        $c = Connect-Libvirt test:///default
        $c | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtConnection
        $c.Uri | Should -Be 'test:///default'
        $c.Transport | Should -Be 'Embedded'
        $c.IsAlive | Should -BeTrue
        $c.HypervisorType | Should -Be 'TEST'
        (Get-LibvirtConnection -Default).Id | Should -Be $c.Id
    }

    It 'opens several URIs, the last one the default' {
        # opened concurrently and written as each opens (like Invoke-Command over many computers), so which object
        # comes first is not fixed; the default is the last URI's connection, as when connecting one after the other
        $cs = Connect-Libvirt test:///default, 'test:///default?x=last'
        $cs.Count | Should -Be 2
        (Get-LibvirtConnection -Default).Id | Should -Be ($cs | Where-Object Uri -Like '*last*').Id
        @(Get-LibvirtConnection).Count | Should -Be 2
    }

    It '-NoDefault keeps the previous default' {
        $a = Connect-Libvirt test:///default
        $null = Connect-Libvirt test:///default -NoDefault
        (Get-LibvirtConnection -Default).Id | Should -Be $a.Id
    }

    It 'reports a bad URI as a non-terminating error and opens the rest' {
        $c = Connect-Libvirt 'qemu+foo:///x', test:///default -ErrorVariable errs -ErrorAction SilentlyContinue
        @($c).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLibvirtUri,*'
    }

    It 'reports a missing socket with libvirt''s message' {
        Connect-Libvirt 'qemu:///system?socket=/nonexistent/libvirtps.sock' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errs[0].Exception.Message | Should -Be "Failed to connect socket to '/nonexistent/libvirtps.sock': No such file or directory"
    }

    It 'names the program when an ext helper cannot be started' {
        Connect-Libvirt 'test+ext:///default?command=/nonexistent/libvirtps-helper' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $errs[0].Exception.Message | Should -Match '/nonexistent/libvirtps-helper'
    }
}

Describe 'Disconnect-Libvirt' {
    It 'closes the default connection' {
        $c = Connect-Libvirt test:///default
        Disconnect-Libvirt
        $c.IsAlive | Should -BeFalse
        Get-LibvirtConnection | Should -BeNullOrEmpty
    }

    It 'takes connections from the pipeline' {
        $cs = Connect-Libvirt test:///default, test:///default
        $cs | Disconnect-Libvirt
        ($cs | Where-Object IsAlive) | Should -BeNullOrEmpty
    }

    It 'a closing runspace closes the connections it opened (test:///default then resets, as libvirt does)' {
        Disconnect-Libvirt -All
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$PSScriptRoot/../../LibvirtPS.psd1'; Connect-Libvirt test:///default; Suspend-LibvirtDomain test")
            $inner = @($ps.Invoke())
            $ps.HadErrors | Should -BeFalse
            $inner[0].IsAlive | Should -BeTrue
        }
        finally { $ps.Dispose() }
        $inner[0].IsAlive | Should -BeFalse
        # no connection is left on the shared in-process state, so a new one sees the driver's initial state
        $c = Connect-Libvirt test:///default
        try { (Get-LibvirtDomain test -Connection $c).State | Should -Be 'Running' }
        finally { Disconnect-Libvirt -Connection $c }
    }
}

Describe 'Get-LibvirtHost' {
    It 'returns the node info of the test driver' {
        $null = Connect-Libvirt test:///default
        $h = Get-LibvirtHost
        $h.CpuModel | Should -Be 'i686'
        $h.Cpus | Should -Be 16
        $h.Memory | Should -Be (3145728 * 1KB)
        $h.HypervisorType | Should -Be 'TEST'
    }
}

Describe 'Get-LibvirtDomain on test:///default' {
    BeforeEach {
        $conn = Connect-Libvirt test:///default
    }

    It 'lists the default domain with its properties' {
        $d = Get-LibvirtDomain
        $d | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtDomain
        $d.Name | Should -Be 'test'
        $d.Id | Should -Be 1
        $d.Uuid | Should -Be ([guid]'6695eb01-f6a4-8304-79aa-97f2502e193f')
        $d.State | Should -Be 'Running'
        $d.MaxMemory | Should -Be (8388608 * 1KB)
        $d.Memory | Should -Be (2097152 * 1KB)
        $d.VCpus | Should -Be 2
        $d.Persistent | Should -BeTrue
        $d.Connection.Id | Should -Be $conn.Id
    }

    It 'has ComputerName like other remoting output' {
        (Get-LibvirtDomain test).ComputerName | Should -Be $conn.HostName
    }

    It 'works from the connection in the pipeline' {
        (Connect-Libvirt test:///default | Get-LibvirtDomain).Name | Should -Be 'test'
    }

    It 'matches wildcards case-sensitively' {
        (Get-LibvirtDomain 't*').Name | Should -Be 'test'
        Get-LibvirtDomain 'T*' | Should -BeNullOrEmpty
    }

    It 'gives a non-terminating DomainNotFound for a missing exact name and goes on' {
        $d = Get-LibvirtDomain nosuch, test -ErrorVariable errs -ErrorAction SilentlyContinue
        $d.Name | Should -Be 'test'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,LibvirtPS.Commands.GetLibvirtDomainCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'nosuch'
        $errs[0].Exception.Code | Should -Be 'NoDomain'
    }

    It 'takes names from the pipeline by value and by property name' {
        ('test' | Get-LibvirtDomain).Id | Should -Be 1
        ([pscustomobject]@{ Name = 'test' } | Get-LibvirtDomain).Id | Should -Be 1
        (Get-LibvirtDomain test | Get-LibvirtDomain).Uuid | Should -Be ([guid]'6695eb01-f6a4-8304-79aa-97f2502e193f')
    }

    It 'finds domains by id and uuid' {
        (Get-LibvirtDomain -Id 1).Name | Should -Be 'test'
        (Get-LibvirtDomain -Uuid '6695eb01-f6a4-8304-79aa-97f2502e193f').Name | Should -Be 'test'
        Get-LibvirtDomain -Id 99 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
    }

    It 'filters by state' {
        (Get-LibvirtDomain -State Running).Name | Should -Be 'test'
        Get-LibvirtDomain -State Shutoff | Should -BeNullOrEmpty
    }

    It 'opens a connection for -Uri and closes it afterwards' {
        Disconnect-Libvirt -All
        (Get-LibvirtDomain -Uri test:///default).Name | Should -Be 'test'
        Get-LibvirtConnection | Should -BeNullOrEmpty
    }

    It 'has a default table view with the host' {
        $text = Get-LibvirtDomain | Out-String -Width 200
        $text | Should -Match 'Name'
        $text | Should -Match 'State'
        $text | Should -Match 'Running'
    }

    It 'completes domain names' {
        $line = 'Get-LibvirtDomain te'
        $c = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $c.CompletionMatches.ListItemText | Should -Contain 'test'
    }

    It 'completes domain names from the -Connection given on the command line' {
        $node = Join-Path ([System.IO.Path]::GetTempPath()) "libvirtps-complete-$([guid]::NewGuid()).xml"
        Set-Content -LiteralPath $node -Value "<node><domain type='test'><name>other-node-vm</name><memory>8192</memory><os><type>hvm</type></os></domain></node>"
        $global:LibvirtPSCompletionTestConnection = Connect-Libvirt "test://$node" -NoDefault
        try {
            $line = 'Get-LibvirtDomain -Connection $global:LibvirtPSCompletionTestConnection -Name oth'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText | Should -Be @('other-node-vm')
            # without -Connection: the session default (test:///default) has no such domain
            $line = 'Get-LibvirtDomain -Name oth'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        }
        finally {
            Disconnect-Libvirt -Connection $global:LibvirtPSCompletionTestConnection
            Remove-Variable -Name LibvirtPSCompletionTestConnection -Scope Global
            Remove-Item -LiteralPath $node
        }
    }
}

Describe 'Without a connection' {
    It 'Get-LibvirtDomain says to connect first' {
        { Get-LibvirtDomain -ErrorAction Stop } | Should -Throw -ErrorId 'NoLibvirtConnection,LibvirtPS.Commands.GetLibvirtDomainCommand'
    }
}
}
