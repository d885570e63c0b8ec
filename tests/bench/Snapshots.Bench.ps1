<#
.SYNOPSIS
    Snapshot listing: Get-LibvirtDomainSnapshot (DOMAIN_LIST_ALL_SNAPSHOTS twice + SNAPSHOT_CURRENT, then the XML of every
    snapshot in pipelined batches) against virsh snapshot-list --parent (one call per snapshot for
    its parent) on a private libvirtd (test driver) holding N snapshots of the test domain. Median of 5 runs each.
    Writes out/bench-snapshots.json. Run: dotnet pwsh ./build.ps1 Bench
#>
param([Parameter(Mandatory)] [string] $ModulePath, [int] $Count = 1000)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
Import-Module $ModulePath -Force
Import-Module (Join-Path $root 'tests/LibvirtPS.Tests/TestDaemon.psm1') -Force
$why = Get-TestDaemonUnavailableReason
if ($why) { Write-Host "snapshot bench skipped: $why"; return }
$daemon = Start-TestDaemon
try {
    # the daemon's test:///default lives while this connection is open
    $c = Connect-Libvirt $daemon.UnixUri
    $t = [Diagnostics.Stopwatch]::StartNew()
    1..$Count | ForEach-Object { New-LibvirtDomainSnapshot test "b$_" -Connection $c } | Out-Null
    $createMs = $t.ElapsedMilliseconds
    function Median([scriptblock] $run) {
        $times = foreach ($i in 1..5) { $sw = [Diagnostics.Stopwatch]::StartNew(); & $run; $sw.Elapsed.TotalMilliseconds }
        ($times | Sort-Object)[2]
    }
    $ours = Median { $n = @(Get-LibvirtDomainSnapshot test -Connection $c).Count; if ($n -ne $Count) { throw "listed $n" } }
    $virsh = Median { $n = @(& virsh -c $daemon.UnixUri snapshot-list test --parent | Select-Object -Skip 2 | Where-Object { $_ }).Count; if ($n -ne $Count) { throw "virsh listed $n" } }
    $result = [ordered]@{
        snapshots = $Count; createAllMs = $createMs
        getLibvirtDomainSnapshotMs = [math]::Round($ours, 1); virshSnapshotListParentMs = [math]::Round($virsh, 1)
    }
    Write-Host ("snapshots: {0} listed with XML by LibvirtPS in {1:n1} ms (median of 5), virsh snapshot-list --parent {2:n1} ms; creating them took {3} ms" -f $Count, $ours, $virsh, $createMs)
    New-Item -ItemType Directory -Force (Join-Path $root 'out') | Out-Null
    $result | ConvertTo-Json | Set-Content (Join-Path $root 'out/bench-snapshots.json')
    Disconnect-Libvirt $c
}
finally {
    Stop-TestDaemon $daemon
}
