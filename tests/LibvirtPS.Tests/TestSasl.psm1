# A private root libvirtd (test driver only) whose rw unix socket wants SASL (auth_unix_rw = "sasl"), with a private
# Cyrus config (SASL_CONF_PATH) and sasldb holding one user with the given password. The same recipe as
# Sasl.Tests.ps1's New-SaslTestDaemon, made reusable. Stop it with Stop-TestDaemon (TestDaemon.psm1): by its pid only.

function Get-SaslTestDaemonUnavailableReason {
    if (-not $IsLinux) { return 'needs Linux (libvirtd)' }
    if ((& id -u) -ne '0') { return 'needs root to start a private libvirtd' }
    if (-not (Get-Command libvirtd -ErrorAction SilentlyContinue)) { return 'libvirtd is not installed (apt-get install libvirt-daemon)' }
    if (-not (Get-Command saslpasswd2 -ErrorAction SilentlyContinue)) { return 'saslpasswd2 is not installed (apt-get install sasl2-bin)' }
    return $null
}

function Start-SaslTestDaemon {
    param(
        [Parameter(Mandatory)] [string] $User,
        [Parameter(Mandatory)] [string] $Password
    )
    $dir = Join-Path '/tmp' ("libvirtps-pester-rsasl-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory "$dir/run", "$dir/drv", "$dir/log", "$dir/sasl2" | Out-Null
    Set-Content "$dir/sasl2/libvirt.conf" "mech_list: digest-md5 scram-sha-256 scram-sha-1 plain`nsasldb_path: $dir/sasl2/passwd.db"
    $Password | & saslpasswd2 -f "$dir/sasl2/passwd.db" -a libvirt -p -c $User
    if ($LASTEXITCODE) { throw "saslpasswd2 failed" }
    @"
unix_sock_dir = "$dir/run"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "sasl"
log_outputs = "3:file:$dir/log/libvirtd.log"
"@ | Set-Content "$dir/libvirtd.conf"
    $env:LIBVIRT_DRIVER_DIR = "$dir/drv"
    $env:SASL_CONF_PATH = "$dir/sasl2"
    try { & libvirtd -f "$dir/libvirtd.conf" -p "$dir/run/pid" -d } finally { Remove-Item Env:LIBVIRT_DRIVER_DIR, Env:SASL_CONF_PATH }
    $deadline = (Get-Date).AddSeconds(10)
    while (-not ((Test-Path "$dir/run/pid") -and (Test-Path "$dir/run/libvirt-sock")) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    $daemonPid = if (Test-Path "$dir/run/pid") { [int](Get-Content "$dir/run/pid") } else { 0 }
    $d = [pscustomobject]@{ Dir = $dir; Pid = $daemonPid; Uri = "test+unix:///default?socket=$dir/run/libvirt-sock" }
    if (-not (Test-Path "$dir/run/libvirt-sock")) {
        if ($daemonPid) { Stop-Process -Id $daemonPid -Force -ErrorAction SilentlyContinue }
        $log = Get-Content "$dir/log/libvirtd.log" -Tail 5 -ErrorAction SilentlyContinue
        Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
        throw "libvirtd did not start: $log"
    }
    $d
}

Export-ModuleMember -Function Get-SaslTestDaemonUnavailableReason, Start-SaslTestDaemon
