# A private libvirtd (test driver only) for the Pester suite: unix and tcp listeners on loopback, its own
# socket folder and port, stopped by its own pid. Get-TestDaemonUnavailableReason says why it cannot run.

function Get-TestDaemonUnavailableReason {
    if (-not $IsLinux) { return 'needs Linux (libvirtd)' }
    if ((& id -u) -ne '0') { return 'needs root to start a private libvirtd' }
    if (-not (Get-Command libvirtd -ErrorAction SilentlyContinue)) { return 'libvirtd is not installed (apt-get install libvirt-daemon)' }
    return $null
}

function Get-FreeTcpPort {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start()
    $port = $l.LocalEndpoint.Port
    $l.Stop()
    return $port
}

function Start-TestDaemon {
    # -StorageDriver: libvirt's real storage driver is linked in (storage+unix:///system, dir pools with files)
    param([switch] $StorageDriver)
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-pester-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log" | Out-Null
    if ($StorageDriver) {
        $so = Get-Item /usr/lib/*/libvirt/connection-driver/libvirt_driver_storage.so, /usr/lib64/libvirt/connection-driver/libvirt_driver_storage.so -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $so) { throw 'libvirt_driver_storage.so is not installed' }
        New-Item -ItemType SymbolicLink -Path "$dir/drv/libvirt_driver_storage.so" -Target $so.FullName | Out-Null
    }
    $port = Get-FreeTcpPort
    @"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
listen_tcp = 1
listen_tls = 0
tcp_port = "$port"
listen_addr = "127.0.0.1"
auth_tcp = "none"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
    $env:LIBVIRT_DRIVER_DIR = "$dir/drv"
    try { & libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" --listen -d } finally { Remove-Item Env:LIBVIRT_DRIVER_DIR }
    $deadline = (Get-Date).AddSeconds(10)
    while (-not (Test-Path "$dir/run/libvirt-sock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    if (-not (Test-Path "$dir/run/libvirt-sock")) { throw "libvirtd did not start: $(Get-Content "$dir/log/libvirtd.log" -Tail 5 -ErrorAction SilentlyContinue)" }
    [pscustomobject]@{
        Dir        = $dir
        Pid        = [int](Get-Content "$dir/run/pid")
        Socket     = "$dir/run/libvirt-sock"
        UnixUri    = "test+unix:///default?socket=$dir/run/libvirt-sock"
        TcpUri     = "test+tcp://127.0.0.1:$port/default"
        StorageUri = "storage+unix:///system?socket=$dir/run/libvirt-sock"
        Port       = $port
    }
}

function Stop-TestDaemon([Parameter(Mandatory)] $Daemon) {
    if ($null -eq $Daemon) { return }
    Stop-Process -Id $Daemon.Pid -ErrorAction SilentlyContinue
    $deadline = (Get-Date).AddSeconds(5)
    while ((Get-Process -Id $Daemon.Pid -ErrorAction SilentlyContinue) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Stop-Process -Id $Daemon.Pid -Force -ErrorAction SilentlyContinue
    Remove-Item $Daemon.Dir -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Get-TestDaemonUnavailableReason, Start-TestDaemon, Stop-TestDaemon
