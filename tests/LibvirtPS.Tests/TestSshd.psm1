# A private OpenSSH sshd on 127.0.0.1:<free port> for the Pester suite (the PowerShell twin of
# tests/LibvirtPS.Core.Tests/Fixtures/SshdFixture.cs): throw-away host and user keys, its own authorized_keys,
# known_hosts, ssh_config and a `command=` wrapper `ssh -F <ssh_config> "$@"`. Stopped by its own pid.
# Get-TestSshdUnavailableReason says why it cannot run.

function Get-TestSshdUnavailableReason {
    if (-not $IsLinux) { return 'needs Linux (OpenSSH sshd)' }
    if ((& id -u) -ne '0') { return 'needs root to start a private sshd' }
    foreach ($tool in '/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'nc') {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { return "$tool is not installed (openssh-server, openssh-client, netcat-openbsd)" }
    }
    return $null
}

function New-TestSshKey([string] $Path, [string] $Type = 'ed25519') {
    & ssh-keygen -q -t $Type -N '' -C "libvirtps-pester" -f $Path | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed for $Path" }
}

function Start-TestSshd {
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("libvirtps-pester-sshd-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory $dir | Out-Null
    if (-not (Test-Path /run/sshd)) { New-Item -ItemType Directory /run/sshd | Out-Null }
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
    New-TestSshKey "$dir/host_key"
    New-TestSshKey "$dir/id_ed25519"
    Copy-Item "$dir/id_ed25519.pub" "$dir/authorized_keys"
    $hostKey = ((Get-Content "$dir/host_key.pub" -Raw).Trim() -split ' ')[0..1] -join ' '
    "[127.0.0.1]:$port $hostKey" | Set-Content "$dir/known_hosts"
    '' | Set-Content "$dir/known_hosts.empty"
    @"
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
UseDNS no
LogLevel VERBOSE
"@ | Set-Content "$dir/sshd_config"
    $sshConfig = {
        param($knownHosts)
        @"
Host 127.0.0.1
  Port $port
  User root
  IdentityFile $dir/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $knownHosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
"@
    }
    (& $sshConfig "$dir/known_hosts") | Set-Content "$dir/ssh_config"
    (& $sshConfig "$dir/known_hosts.empty") | Set-Content "$dir/ssh_config.unknown"
    $ssh = (Get-Command ssh -CommandType Application | Select-Object -First 1).Source
    "#!/bin/sh`nexec $ssh -F $dir/ssh_config `"`$@`"" | Set-Content "$dir/ssh-wrapper"
    "#!/bin/sh`nexec $ssh -F $dir/ssh_config.unknown `"`$@`"" | Set-Content "$dir/ssh-wrapper-unknown"
    & chmod 755 "$dir/ssh-wrapper" "$dir/ssh-wrapper-unknown"

    # without -D sshd forks into the background and writes its pid file: that pid is the one we stop
    & /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
    if ($LASTEXITCODE -ne 0) { throw "sshd did not start: $(Get-Content "$dir/sshd.log" -Tail 5 -ErrorAction SilentlyContinue)" }
    $deadline = (Get-Date).AddSeconds(10)
    while (-not (Test-Path "$dir/sshd.pid") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 20 }
    if (-not (Test-Path "$dir/sshd.pid")) { throw "sshd wrote no pid file: $(Get-Content "$dir/sshd.log" -Tail 5 -ErrorAction SilentlyContinue)" }
    [pscustomobject]@{
        Dir                  = $dir
        Pid                  = [int](Get-Content "$dir/sshd.pid")
        Port                 = $port
        Wrapper              = "$dir/ssh-wrapper"
        UnknownHostWrapper   = "$dir/ssh-wrapper-unknown"
        KnownHosts           = "$dir/known_hosts"
        UserKey              = "$dir/id_ed25519"
    }
}

function Stop-TestSshd([Parameter(Mandatory)] $Sshd) {
    if ($null -eq $Sshd) { return }
    Stop-Process -Id $Sshd.Pid -ErrorAction SilentlyContinue
    $deadline = (Get-Date).AddSeconds(5)
    while ((Get-Process -Id $Sshd.Pid -ErrorAction SilentlyContinue) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Stop-Process -Id $Sshd.Pid -Force -ErrorAction SilentlyContinue
    Remove-Item $Sshd.Dir -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Get-TestSshdUnavailableReason, Start-TestSshd, Stop-TestSshd
