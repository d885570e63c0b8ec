# Resolve-LibvirtUri as a user types it.
BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    $savedDefault = $env:LIBVIRT_DEFAULT_URI
    $env:LIBVIRT_DEFAULT_URI = $null
}

AfterAll {
    $env:LIBVIRT_DEFAULT_URI = $savedDefault
}

Describe 'Resolve-LibvirtUri' {
    It 'resolves an ssh URI to libvirt''s argv and name' {
        $r = Resolve-LibvirtUri 'qemu+ssh://fred@example.com:2222/system?keyfile=/root/.ssh/k%20ey&no_tty=1'
        $r | Should -BeOfType LibvirtPS.Core.Uris.LibvirtUriResolution
        $r.Transport | Should -Be 'Ssh'
        $r.Host | Should -Be 'example.com'
        $r.Port | Should -Be 2222
        $r.UserName | Should -Be 'fred'
        $r.RemoteName | Should -Be 'qemu:///system'
        $r.Command[0..11] | Should -Be @('ssh', '-p', '2222', '-l', 'fred', '-i', '/root/.ssh/k ey', '-T', '-e', 'none', '-o', 'BatchMode=yes')
        $r.Command[-3] | Should -Be '--'
        $r.Command[-2] | Should -Be 'example.com'
        $r.Command[-1] | Should -BeLike "sh -c 'which virt-ssh-helper*"
    }

    It 'uses the default ports of tls and tcp' {
        (Resolve-LibvirtUri 'qemu+tls://h/system').Port | Should -Be 16514
        (Resolve-LibvirtUri 'qemu+tcp://h/system').Port | Should -Be 16509
        (Resolve-LibvirtUri 'qemu://h/system').Transport | Should -Be 'Tls'
    }

    It 'serves test:///default with the embedded driver' {
        $r = Resolve-LibvirtUri test:///default
        $r.Transport | Should -Be 'Embedded'
        $r.RemoteName | Should -BeNullOrEmpty
    }

    It 'takes URIs from the pipeline by value' {
        $r = 'qemu:///system', 'test:///default' | Resolve-LibvirtUri
        $r.Count | Should -Be 2
        $r[0].Uri | Should -Be 'qemu:///system'
        $r[1].Uri | Should -Be 'test:///default'
    }

    It 'takes URIs and parameters from the pipeline by property name' {
        $r = [pscustomobject]@{ Uri = 'qemu+ssh://h/system'; ReadOnly = $true; ComputerName = 'kvm9' } | Resolve-LibvirtUri
        $r.Host | Should -Be 'kvm9'
        $r.ReadOnly | Should -BeTrue
        $r.RemoteCommand | Should -Match 'virt-ssh-helper -r'
        $r.SocketPath | Should -Be '/var/run/libvirt/libvirt-sock-ro'
    }

    It 'lets cmdlet parameters replace the URI''s own' {
        $r = Resolve-LibvirtUri 'qemu+ssh://h/system?keyfile=/a&no_verify=1' -KeyFile /b -NoVerify:$false -Transport Libssh -Port 2200
        $r.Transport | Should -Be 'Libssh'
        $r.Port | Should -Be 2200
        $r.KeyFile | Should -Be '/b'
        $r.ResolvedUri | Should -Match 'qemu\+libssh://h:2200/system'
        ($r.Parameters | Where-Object Name -eq 'keyfile').Value | Should -Be '/b'
    }

    It 'shows the TLS files of pkipath' {
        $r = Resolve-LibvirtUri 'qemu+tls://h/system' -PkiPath /srv/pki
        $r.CACertificatePath | Should -Be '/srv/pki/cacert.pem'
        $r.ClientCertificatePath | Should -Be '/srv/pki/clientcert.pem'
        $r.ClientKeyPath | Should -Be '/srv/pki/clientkey.pem'
        $r.PkiSource | Should -Be 'PkiPath'
    }

    It 'follows LIBVIRT_DEFAULT_URI without -Uri' {
        try {
            $env:LIBVIRT_DEFAULT_URI = 'qemu+tcp://defhost/system'
            $r = Resolve-LibvirtUri
            $r.Source | Should -Be 'Environment'
            $r.Host | Should -Be 'defhost'
        }
        finally { $env:LIBVIRT_DEFAULT_URI = $null }
    }

    It 'writes a non-terminating InvalidLibvirtUri error and goes on with the next URI' {
        $out = Resolve-LibvirtUri 'qemu+foo:///x', 'qemu:///system' -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $out.Uri | Should -Be 'qemu:///system'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidLibvirtUri,LibvirtPS.Commands.ResolveLibvirtUriCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'qemu+foo:///x'
        $errs[0].Exception.Message | Should -Be 'invalid argument: remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)'
        $errs[0].Exception.Code | Should -Be 'InvalidArg'
    }

    It 'names the bad parameter, as libvirt does' {
        Resolve-LibvirtUri 'qemu+ssh://h/system?mode=direct' -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].Exception.Message | Should -Be 'Operation not supported: Cannot use direct socket mode for ssh transport'
        Resolve-LibvirtUri 'qemu+tls://h/system?no_verify=yes' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Be 'invalid argument: Failed to parse value of URI component no_verify'
    }

    It 'rejects invalid enum values at binding time with the valid values' {
        { Resolve-LibvirtUri qemu:///system -Mode Sideways -ErrorAction Stop } | Should -Throw '*Legacy*'
    }

    It 'explains its decisions with -Verbose' {
        $verbose = Resolve-LibvirtUri 'qemu+tls://h/system' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'port 16514: default for tls'
    }

    It 'has a table view with the key columns and a list view with all' {
        $table = Resolve-LibvirtUri qemu:///system | Format-Table | Out-String -Width 250
        $table | Should -Match 'Transport'
        $table | Should -Match 'SocketPath'
        $list = Resolve-LibvirtUri qemu:///system | Format-List | Out-String -Width 250
        $list | Should -Match 'ResolvedUri'
        $list | Should -Match 'OpenFlags'
    }

    It 'completes -Uri with well-known URIs' {
        $line = 'Resolve-LibvirtUri test:'
        $c = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $c.CompletionMatches.ListItemText | Should -Contain 'test:///default'
    }
}
