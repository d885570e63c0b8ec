<#
.SYNOPSIS
    Lists N virtual networks with their state (active, persistent, autostart, bridge) on one private libvirtd (test
    driver, networks from a node XML file) with LibvirtPS, virsh net-list --all and python-libvirt; each run opens its
    own connection (the daemon parses the node file on every open, for every client alike). Median of 5 runs;
    virsh includes its process start, python is timed inside the interpreter, LibvirtPS inside this session.
    Run: dotnet pwsh tests/bench/Networks.Bench.ps1 -ModulePath ./LibvirtPS.psd1 [-Count 1000]
#>
param([Parameter(Mandatory)] [string] $ModulePath, [int] $Count = 1000)
$ErrorActionPreference = 'Stop'
$python = '/usr/bin/python3'
$dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-netbench-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log" | Out-Null
@"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
$nets = foreach ($i in 1..$Count) { "<network><name>bench$i</name><bridge name='vb$i'/><forward/><ip address='10.$([int]($i / 250)).$($i % 250).1' prefix='24'/></network>" }
"<node>$($nets -join '')</node>" | Set-Content "$dir/node.xml"
$env:LIBVIRT_DRIVER_DIR = "$dir/drv"
& libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" -d
Remove-Item Env:LIBVIRT_DRIVER_DIR
$deadline = (Get-Date).AddSeconds(10)
while (-not (Test-Path "$dir/run/libvirt-sock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
$uri = "test+unix://$dir/node.xml?socket=$dir/run/libvirt-sock"
Import-Module $ModulePath -Force
$py = @'
import libvirt, sys, time
t = time.perf_counter()
c = libvirt.open(sys.argv[1])
rows = [(n.name(), n.isActive(), n.isPersistent(), n.autostart(), n.bridgeName()) for n in c.listAllNetworks(0)]
print(len(rows), time.perf_counter() - t)
'@
function Median($xs) { ($xs | Sort-Object)[[int][math]::Floor($xs.Count / 2)] }
try {
    $ours = 1..5 | ForEach-Object {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = @(Get-LibvirtNetwork -Uri $uri)
        $sw.Stop()
        if ($n.Count -ne $Count) { throw "LibvirtPS listed $($n.Count)" }
        $sw.Elapsed.TotalMilliseconds
    }
    $virsh = 1..5 | ForEach-Object {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $lines = & virsh -c $uri net-list --all
        $sw.Stop()
        if (($lines | Where-Object { $_ -match '^\s*bench' }).Count -ne $Count) { throw 'virsh listed a different count' }
        $sw.Elapsed.TotalMilliseconds
    }
    $python = 1..5 | ForEach-Object {
        # python's own clock: open + list + state calls, without the interpreter's start
        $out = & $python -c $py $uri
        if (-not ($out -match "^$Count ")) { throw "python: $out" }
        [double]($out -split ' ')[1] * 1000
    }
    [pscustomobject]@{ Networks = $Count; LibvirtPS_ms = [int](Median $ours); Virsh_ms = [int](Median $virsh); Python_ms = [int](Median $python)
        VirshOverLibvirtPS = [math]::Round((Median $virsh) / (Median $ours), 1) } | Format-List
}
finally {
    Stop-Process -Id ([int](Get-Content "$dir/run/pid")) -ErrorAction SilentlyContinue
    Start-Sleep -Milliseconds 300
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
