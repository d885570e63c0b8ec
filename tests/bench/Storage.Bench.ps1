<#
.SYNOPSIS
    Volume stream throughput: Import/Export-LibvirtStorageVolume against virsh vol-upload/vol-download on the same
    file, the same private libvirtd (libvirt's storage driver linked in, a dir pool under a temp folder) and the same
    unix socket. Dense and sparse. Medians of 5 runs (who goes first alternates; each step starts after `sync`);
    virsh's time includes its process start and connect (a few ms).
    Writes out/bench-storage.json.
    Run: dotnet pwsh ./build.ps1 Bench   (or: dotnet pwsh tests/bench/Storage.Bench.ps1 -ModulePath ./LibvirtPS.psd1 [-SizeMiB 256])
#>
param([Parameter(Mandatory)] [string] $ModulePath, [int] $SizeMiB = 256, [int] $Runs = 5)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
Import-Module (Join-Path $root 'tests/LibvirtPS.Tests/TestDaemon.psm1') -Force
$why = Get-TestDaemonUnavailableReason
if ($why) { throw "the storage bench cannot run: $why" }
if (-not (Get-Command virsh -ErrorAction SilentlyContinue)) { throw 'the storage bench needs virsh (libvirt-clients)' }
Import-Module $ModulePath -Force

function Get-Median([double[]] $xs) { ($xs | Sort-Object)[[int][math]::Floor($xs.Count / 2)] }
function Invoke-Virsh([string[]] $argv) {
    $psi = [Diagnostics.ProcessStartInfo]::new('virsh')
    foreach ($a in $argv) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi); $p.StandardInput.Close()
    $e = $p.StandardError.ReadToEndAsync(); $null = $p.StandardOutput.ReadToEnd()
    if (-not $p.WaitForExit(300000)) { $p.Kill(); throw "virsh $argv timed out" }
    if ($p.ExitCode -ne 0) { throw "virsh $argv failed: $($e.Result)" }
}
function Measure-Ms([scriptblock] $work) { (Measure-Command $work).TotalMilliseconds }
# writes back what earlier steps left in the page cache, so it is not charged to the next measured step
function Invoke-Settle { if (Get-Command sync -CommandType Application -ErrorAction SilentlyContinue) { & sync } }

$d = $null
try {
    $d = Start-TestDaemon -StorageDriver
    $uri = $d.StorageUri
    $poolDir = Join-Path $d.Dir 'pool'; New-Item -ItemType Directory $poolDir | Out-Null
    $c = Connect-Libvirt $uri -NoDefault
    New-LibvirtStoragePool -Transient -Xml "<pool type='dir'><name>bench</name><target><path>$poolDir</path></target></pool>" -Connection $c | Out-Null
    $size = [long]$SizeMiB * 1MB

    # dense: random bytes; sparse: 1/8 random data in 4 stripes, the rest holes
    $dense = Join-Path $d.Dir 'dense.bin'; $sparse = Join-Path $d.Dir 'sparse.bin'
    $buf = [byte[]]::new(4MB); $rnd = [Random]::new(42)
    $fs = [IO.File]::Create($dense); for ($i = 0; $i -lt $size / $buf.Length; $i++) { $rnd.NextBytes($buf); $fs.Write($buf, 0, $buf.Length) }; $fs.Close()
    $fs = [IO.File]::Create($sparse); $fs.SetLength($size)
    foreach ($k in 0..3) { $fs.Seek($k * ($size / 4), 'Begin') | Out-Null; for ($i = 0; $i -lt ($size / 32) / $buf.Length; $i++) { $rnd.NextBytes($buf); $fs.Write($buf, 0, $buf.Length) } }
    $fs.Close()
    New-LibvirtStorageVolume -Pool bench -Name vol.img -Capacity $size -Allocation 0 -Connection $c | Out-Null

    $t = [ordered]@{}
    foreach ($kind in 'dense', 'sparse') {
        $file = if ($kind -eq 'dense') { $dense } else { $sparse }
        $sp = $kind -eq 'sparse'
        $vArgs = if ($sp) { @('--sparse') } else { @() }
        $up = @(); $vup = @(); $down = @(); $vdown = @()
        foreach ($r in 1..$Runs) {
            # a fresh empty volume before each upload: a sparse upload writes holes as seeks, so old data would stay
            # fair turns: who goes first alternates from run to run, and each measured step starts after `sync`, so
            # neither side pays for the other's dirty pages being written back (the second of two 256 MiB writes did)
            $oursFirst = ($r % 2) -eq 1
            $uploads = @(
                @{ Ours = $false; Work = { Invoke-Virsh (@('-c', $uri, 'vol-upload', 'vol.img', $file, '--pool', 'bench') + $vArgs) } },
                @{ Ours = $true; Work = { Import-LibvirtStorageVolume -Pool bench -Name vol.img -Path $file -Sparse:$sp -Connection $c -Confirm:$false } })
            if ($oursFirst) { [array]::Reverse($uploads) }
            foreach ($u in $uploads) {
                Remove-LibvirtStorageVolume -Pool bench -Name vol.img -Connection $c -Confirm:$false
                New-LibvirtStorageVolume -Pool bench -Name vol.img -Capacity $size -Allocation 0 -Connection $c | Out-Null
                Invoke-Settle
                $ms = Measure-Ms $u.Work
                if ($u.Ours) { $up += $ms } else { $vup += $ms }
            }
            Remove-Item "$file.v", "$file.o" -ErrorAction SilentlyContinue
            $downloads = @(
                @{ Ours = $false; Work = { Invoke-Virsh (@('-c', $uri, 'vol-download', 'vol.img', "$file.v", '--pool', 'bench') + $vArgs) } },
                @{ Ours = $true; Work = { Export-LibvirtStorageVolume -Pool bench -Name vol.img -Destination "$file.o" -Sparse:$sp -Connection $c -Force } })
            if ($oursFirst) { [array]::Reverse($downloads) }
            foreach ($w in $downloads) {
                Invoke-Settle
                $ms = Measure-Ms $w.Work
                if ($w.Ours) { $down += $ms } else { $vdown += $ms }
            }
        }
        if ((Get-FileHash "$file.o").Hash -ne (Get-FileHash $file).Hash) { throw "$kind download differs from the source" }
        foreach ($pair in @(@('upload', $up, $vup), @('download', $down, $vdown))) {
            $ours = Get-Median $pair[1]; $theirs = Get-Median $pair[2]
            $t["${kind}_$($pair[0])_libvirtps_ms"] = [math]::Round($ours, 1)
            $t["${kind}_$($pair[0])_virsh_ms"] = [math]::Round($theirs, 1)
            $t["${kind}_$($pair[0])_libvirtps_MBps"] = [math]::Round($SizeMiB / ($ours / 1000), 1)
            $t["${kind}_$($pair[0])_virsh_MBps"] = [math]::Round($SizeMiB / ($theirs / 1000), 1)
            $t["${kind}_$($pair[0])_ratio_vs_virsh"] = [math]::Round($theirs / $ours, 3)
        }
    }
    $result = [ordered]@{ size_mib = $SizeMiB; runs = $Runs; uri = 'storage+unix:///system (private libvirtd 9.0, dir pool)'; results = $t }
    $out = Join-Path $root 'out'; New-Item -ItemType Directory $out -Force | Out-Null
    $result | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $out 'bench-storage.json')
    $result | ConvertTo-Json -Depth 4
}
finally {
    Disconnect-Libvirt -All
    if ($d) { Stop-TestDaemon $d }
}
