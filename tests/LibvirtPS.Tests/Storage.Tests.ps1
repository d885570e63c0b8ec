# Storage pool and volume cmdlets: on the embedded test:///default driver, on a real libvirtd's test driver (virsh
# as the oracle), and on a real libvirtd with libvirt's storage driver for Import/Export over streams.
BeforeAll {
    Import-Module "$PSScriptRoot/../../LibvirtPS.psd1" -Force
    Import-Module "$PSScriptRoot/TestDaemon.psm1" -Force
    $script:unavailable = Get-TestDaemonUnavailableReason
    # virsh with stdin closed and a time limit (a virsh started with '& virsh ... 2>&1' inherited the console and waited)
    function script:Virsh([string] $Uri) {
        $psi = [Diagnostics.ProcessStartInfo]::new('virsh')
        foreach ($a in @('-c', $Uri) + $args) { $psi.ArgumentList.Add([string]$a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($psi)
        $p.StandardInput.Close()
        $o = $p.StandardOutput.ReadToEndAsync(); $e = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(20000)) { $p.Kill(); throw "virsh $args did not finish within 20 s" }
        [pscustomobject]@{ Code = $p.ExitCode; Text = $o.Result + $e.Result }
    }
    function script:Sha([string] $Path) { (Get-FileHash -Algorithm SHA256 $Path).Hash }
    function script:Blocks([string] $Path) { [long](& stat -c %b $Path) }
}

Describe 'Storage on test:///default' {
    BeforeAll { $script:c = Connect-Libvirt test:///default }
    AfterAll {
        Remove-LibvirtStorageVolume -Pool default-pool -Name pv1, pv2 -Connection $c -Confirm:$false -ErrorAction SilentlyContinue
        Disconnect-Libvirt -All
    }

    It 'lists the default pool like libvirt 9.0''s test driver' {
        $p = Get-LibvirtStoragePool -Connection $c
        $p.Name | Should -Be 'default-pool'
        $p.Uuid | Should -Be ([guid]'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566')
        $p.State | Should -Be 'Running'
        $p.Capacity | Should -Be 107374182400
        $p.Persistent | Should -BeTrue
        (Get-LibvirtStoragePool 'default-*' -Connection $c).Name | Should -Be 'default-pool'
    }

    It 'creates, copies, lists and removes volumes through the pipeline; -WhatIf changes nothing' {
        $v = Get-LibvirtStoragePool default-pool -Connection $c | New-LibvirtStorageVolume -Name pv1 -Capacity 10MB
        $v | Should -BeOfType LibvirtPS.Core.Drivers.LibvirtStorageVolume
        $v.Path | Should -Be '/default-pool/pv1'
        $v.Capacity | Should -Be 10MB
        (Get-LibvirtStoragePool default-pool -Connection $c).Allocation | Should -Be 10MB
        $copy = $v | Copy-LibvirtStorageVolume -NewName pv2
        $copy.Name | Should -Be 'pv2'
        (Get-LibvirtStoragePool default-pool -Connection $c | Get-LibvirtStorageVolume 'pv*').Name | Should -Be @('pv1', 'pv2')
        Get-LibvirtStorageVolume -Pool default-pool pv2 -Connection $c | Remove-LibvirtStorageVolume -WhatIf
        (Get-LibvirtStorageVolume -Pool default-pool pv2 -Connection $c).Name | Should -Be 'pv2'
        Get-LibvirtStorageVolume -Pool default-pool -Connection $c | Remove-LibvirtStorageVolume -Confirm:$false
        Get-LibvirtStorageVolume -Pool default-pool -Connection $c | Should -BeNullOrEmpty
    }

    It 'reports missing pools and volumes with stable ids, one error per item' {
        $out = Get-LibvirtStoragePool nope, default-pool -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'default-pool'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StoragePoolNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Remove-LibvirtStorageVolume -Pool default-pool -Name nope -Connection $c -Confirm:$false -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'StorageVolumeNotFound,*'
        $err2[0].Exception.Message | Should -Be "Storage volume not found: no storage vol with matching name 'nope'"
        Start-LibvirtStoragePool nope -Connection $c -ErrorVariable err3 -ErrorAction SilentlyContinue
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'StoragePoolNotFound,*'
    }

    It 'gives libvirt''s "not supported" for upload, download and wipe (the test driver has none)' {
        New-LibvirtStorageVolume -Pool default-pool -Name pv1 -Capacity 1MB -Connection $c | Out-Null
        $f = New-TemporaryFile
        Import-LibvirtStorageVolume -Pool default-pool -Name pv1 -Path $f -Connection $c -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        $e1[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virStorageVolUpload'
        Export-LibvirtStorageVolume -Pool default-pool -Name pv1 -Destination "$f.out" -Connection $c -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virStorageVolDownload'
        Test-Path "$f.out" | Should -BeFalse
        Clear-LibvirtStorageVolume -Pool default-pool -Name pv1 -Connection $c -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].Exception.Message | Should -Be 'this function is not supported by the connection driver: virStorageVolWipe'
        Remove-Item $f
        Remove-LibvirtStorageVolume -Pool default-pool -Name pv1 -Connection $c -Confirm:$false
    }

    It 'defines, starts, refreshes, stops and removes a pool' {
        $xml = "<pool type='dir'><name>pester-pool</name><target><path>/pester-pool</path></target></pool>"
        $p = New-LibvirtStoragePool -Xml $xml -Connection $c
        $p.State | Should -Be 'Inactive'
        $p.Persistent | Should -BeTrue
        (Start-LibvirtStoragePool pester-pool -Connection $c -PassThru).State | Should -Be 'Running'
        Update-LibvirtStoragePool pester-pool -Connection $c
        Remove-LibvirtStoragePool pester-pool -Connection $c -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Be "Requested operation is not valid: storage pool 'pester-pool' is active"
        Get-LibvirtStoragePool pester-pool -Connection $c | Stop-LibvirtStoragePool -PassThru | Select-Object -ExpandProperty State | Should -Be 'Inactive'
        Get-LibvirtStoragePool pester-pool -Connection $c | Remove-LibvirtStoragePool -Confirm:$false
        Get-LibvirtStoragePool -Connection $c | Where-Object Name -eq 'pester-pool' | Should -BeNullOrEmpty
    }

    It 'saves the test driver''s screenshot as PNG, adding the extension' {
        $base = Join-Path ([IO.Path]::GetTempPath()) ("shot-" + [guid]::NewGuid().ToString('n'))
        $f = Save-LibvirtDomainScreenshot test -Path $base -Connection $c
        $f.Name | Should -Be ((Split-Path $base -Leaf) + '.png')
        $bytes = [IO.File]::ReadAllBytes($f.FullName)
        $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
        Save-LibvirtDomainScreenshot test -Path $f.FullName -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ScreenshotFileExists,*'
        Remove-Item $f.FullName
    }

    It 'completes pool and volume names' {
        Connect-Libvirt test:///default | Out-Null
        New-LibvirtStorageVolume -Pool default-pool -Name pv1 -Capacity 1MB | Out-Null
        (TabExpansion2 'Get-LibvirtStoragePool def' 26).CompletionMatches.CompletionText | Should -Be 'default-pool'
        (TabExpansion2 'Remove-LibvirtStorageVolume -Pool default-pool -Name p' 53).CompletionMatches.CompletionText | Should -Be 'pv1'
        Remove-LibvirtStorageVolume -Pool default-pool -Name pv1 -Confirm:$false
    }
}

Describe 'Storage on a real libvirtd (test driver), virsh as oracle' {
    BeforeAll {
        $script:daemon = if (-not $unavailable) { Start-TestDaemon } else { $null }
    }
    AfterAll {
        Disconnect-Libvirt -All
        if ($daemon) { Stop-TestDaemon $daemon }
    }
    BeforeEach { if ($unavailable) { Set-ItResult -Skipped -Because $unavailable } }

    It 'what we create virsh sees, what virsh creates we see; errors are the daemon''s' {
        $c = Connect-Libvirt $daemon.UnixUri
        (Get-LibvirtStoragePool -Connection $c).Name | Should -Be 'default-pool'
        New-LibvirtStorageVolume -Pool default-pool -Name ours -Capacity 5MB -Connection $c | Out-Null
        (Virsh $daemon.UnixUri vol-list default-pool).Text | Should -Match 'ours\s+/default-pool/ours'
        (Virsh $daemon.UnixUri vol-create-as default-pool theirs 3M).Code | Should -Be 0
        (Get-LibvirtStorageVolume -Pool default-pool theirs -Connection $c).Capacity | Should -Be 3MB
        Remove-LibvirtStorageVolume -Pool default-pool -Name ours -Connection $c -WhatIf
        (Virsh $daemon.UnixUri vol-list default-pool).Text | Should -Match 'ours'
        $f = New-TemporaryFile
        Import-LibvirtStorageVolume -Pool default-pool -Name ours -Path $f -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue
        $v = Virsh $daemon.UnixUri vol-upload ours $f.FullName --pool default-pool
        $v.Text | Should -Match ([regex]::Escape($e[0].Exception.Message))
        Save-LibvirtDomainScreenshot test -Path "$f.png" -Connection $c | Out-Null
        (Virsh $daemon.UnixUri screenshot test "$f.virsh.png").Code | Should -Be 0
        Sha "$f.png" | Should -Be (Sha "$f.virsh.png")
        Remove-LibvirtStorageVolume -Pool default-pool -Name ours, theirs -Connection $c -Confirm:$false
        (Virsh $daemon.UnixUri vol-list default-pool).Text | Should -Not -Match 'ours|theirs'
        Remove-Item $f, "$f.png", "$f.virsh.png"
    }
}

Describe 'Import/Export-LibvirtStorageVolume against libvirt''s storage driver' {
    BeforeAll {
        $script:sd = if (-not $unavailable) { Start-TestDaemon -StorageDriver } else { $null }
        if ($sd) {
            $script:poolDir = Join-Path $sd.Dir 'pool'
            New-Item -ItemType Directory $poolDir | Out-Null
            $script:sc = Connect-Libvirt $sd.StorageUri
            $script:poolName = 'pester-st-' + [guid]::NewGuid().ToString('n').Substring(0, 6)
            New-LibvirtStoragePool -Transient -Xml "<pool type='dir'><name>$poolName</name><target><path>$poolDir</path></target></pool>" -Connection $sc | Out-Null
        }
    }
    AfterAll {
        if ($sd) { Stop-LibvirtStoragePool $poolName -Connection $sc -Confirm:$false -ErrorAction SilentlyContinue }
        Disconnect-Libvirt -All
        if ($sd) { Stop-TestDaemon $sd }
    }
    BeforeEach { if ($unavailable) { Set-ItResult -Skipped -Because $unavailable } }

    It 'uploads and downloads 6 MiB with equal hashes, cross-checked with virsh' {
        $src = Join-Path $sd.Dir 'src.bin'
        $bytes = [byte[]]::new(6MB + 123); [Random]::new(7).NextBytes($bytes); [IO.File]::WriteAllBytes($src, $bytes)
        New-LibvirtStorageVolume -Pool $poolName -Name data.img -Capacity (6MB + 123) -Allocation 0 -Connection $sc | Out-Null
        Import-LibvirtStorageVolume -Pool $poolName -Name data.img -Path $src -Connection $sc
        (Virsh $sd.StorageUri vol-download data.img "$src.virsh" --pool $poolName).Code | Should -Be 0
        Sha "$src.virsh" | Should -Be (Sha $src)
        $out = Get-LibvirtStorageVolume -Pool $poolName data.img -Connection $sc | Export-LibvirtStorageVolume -Destination "$src.ours" -PassThru
        $out.Length | Should -Be (6MB + 123)
        Sha "$src.ours" | Should -Be (Sha $src)
        # an existing file needs -Force
        Export-LibvirtStorageVolume -Pool $poolName -Name data.img -Destination "$src.ours" -Connection $sc -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ExportFileExists,*'
        Remove-LibvirtStorageVolume -Pool $poolName -Name data.img -Connection $sc -Confirm:$false
    }

    It 'keeps holes with -Sparse both ways' {
        $src = Join-Path $sd.Dir 'sparse.bin'
        & truncate -s 12M $src
        $fs = [IO.File]::OpenWrite($src); $fs.Seek(5MB, 'Begin') | Out-Null; $chunk = [byte[]]::new(64KB); [Random]::new(3).NextBytes($chunk); $fs.Write($chunk, 0, $chunk.Length); $fs.Close()
        New-LibvirtStorageVolume -Pool $poolName -Name sparse.img -Capacity 12MB -Allocation 0 -Connection $sc | Out-Null
        Import-LibvirtStorageVolume -Pool $poolName -Name sparse.img -Path $src -Sparse -Connection $sc
        Blocks (Join-Path $poolDir 'sparse.img') | Should -BeLessThan 2048
        Export-LibvirtStorageVolume -Pool $poolName -Name sparse.img -Destination "$src.down" -Sparse -Connection $sc
        Sha "$src.down" | Should -Be (Sha $src)
        (Get-Item "$src.down").Length | Should -Be 12MB
        Blocks "$src.down" | Should -BeLessThan 2048
        Remove-LibvirtStorageVolume -Pool $poolName -Name sparse.img -Connection $sc -Confirm:$false
    }

    It 'Ctrl+C (pipeline stop) aborts an export: no partial file, the connection keeps working' {
        $src = Join-Path $sd.Dir 'big.bin'
        $buf = [byte[]]::new(4MB); $rnd = [Random]::new(9); $fs = [IO.File]::Create($src)
        foreach ($i in 1..64) { $rnd.NextBytes($buf); $fs.Write($buf, 0, $buf.Length) }; $fs.Close()
        New-LibvirtStorageVolume -Pool $poolName -Name big.img -Capacity 256MB -Allocation 0 -Connection $sc | Out-Null
        Import-LibvirtStorageVolume -Pool $poolName -Name big.img -Path $src -Connection $sc
        $dest = Join-Path $sd.Dir 'big.out'
        # a second runspace runs the export; Stop() is what Ctrl+C does to a pipeline
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($m, $conn, $pool, $dest)
            Import-Module $m
            Export-LibvirtStorageVolume -Pool $pool -Name big.img -Destination $dest -Connection $conn
        }).AddArgument((Resolve-Path "$PSScriptRoot/../../LibvirtPS.psd1").Path).AddArgument($sc).AddArgument($poolName).AddArgument($dest)
        $h = $ps.BeginInvoke()
        $deadline = (Get-Date).AddSeconds(10)
        while (-not (Test-Path $dest) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 5 }
        $ps.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        Test-Path $dest | Should -BeFalse
        $ps.Dispose()
        $sc.IsAlive | Should -BeTrue
        (Get-LibvirtStorageVolume -Pool $poolName big.img -Connection $sc).Capacity | Should -Be 256MB
        Remove-LibvirtStorageVolume -Pool $poolName -Name big.img -Connection $sc -Confirm:$false
    }

    It 'resizes, wipes and clones on a real driver' {
        New-LibvirtStorageVolume -Pool $poolName -Name r.img -Capacity 1MB -Connection $sc | Out-Null
        (Resize-LibvirtStorageVolume -Pool $poolName -Name r.img -Capacity 3MB -Connection $sc -PassThru).Capacity | Should -Be 3MB
        (Virsh $sd.StorageUri vol-info r.img --pool $poolName --bytes).Text | Should -Match 'Capacity:\s+3145728 bytes'
        Clear-LibvirtStorageVolume -Pool $poolName -Name r.img -Connection $sc -Confirm:$false
        (Copy-LibvirtStorageVolume -Pool $poolName -Name r.img -NewName r2.img -Connection $sc).Capacity | Should -Be 3MB
        (Virsh $sd.StorageUri vol-list $poolName).Text | Should -Match 'r2.img'
        Remove-LibvirtStorageVolume -Pool $poolName -Name r.img, r2.img -Connection $sc -Confirm:$false
    }
}
