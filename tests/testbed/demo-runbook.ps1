#Requires -Version 7.4
<#
.SYNOPSIS
    The README's short runbook, against a sandbox CN that build.ps1 -Task Demo started.
    The CN is real sshd + real zfs-fuse; sysinfo, vmadm, ppriv and the zfs/zpool wrappers are labelled stand-ins.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HostName,
    [Parameter(Mandatory)] [int] $Port,
    [Parameter(Mandatory)] [string] $User,
    [Parameter(Mandatory)] [string] $IdentityFile,
    [Parameter(Mandatory)] [string] $KnownHostsFile
)
$ErrorActionPreference = 'Stop'
# A log (build.ps1 -Task Demo > demo.log, CI, a Pester capture) gets plain text: PowerShell's colours for table
# headers, list labels and errors are escape sequences, which a terminal shows as colour and a file as noise.
if ([Console]::IsOutputRedirected -or $env:NO_COLOR) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $ModulePath 'ZoneDelegation.psd1') -Force

$cn = Connect-ComputeNode -HostName $HostName -Port $Port -User $User -IdentityFile $IdentityFile `
    -KnownHostsFile $KnownHostsFile -SshConfigFile /dev/null -Name demo-cn
$cn | Format-Table

Write-Host "`n== Can this CN host safe zones?" -ForegroundColor Cyan
Test-PlatformSupport | Format-List ComputeNode, LiveImage, MinimumPlatform, Supported, Reasons

Write-Host "`n== The plan for a safe zone (-WhatIf runs nothing)" -ForegroundColor Cyan
New-SafeZone -Alias demo-db -Brand joyent -MaxPhysicalMemory 256MB -WhatIf

Write-Host "`n== Create it and read it back" -ForegroundColor Cyan
$zone = New-SafeZone -Alias demo-db -Brand joyent -MaxPhysicalMemory 256MB -Confirm:$false
$zone | Format-List Uuid, Alias, DelegatedDatasets, SnapshotLimit, FilesystemLimit, LimitPriv, ReceiveAllowed, DataZoned, IsSafe

Write-Host "`n== A refused request changes nothing" -ForegroundColor Cyan
New-SafeZone -Alias bad -Brand joyent -LimitPriv 'default,sys_fs_import' -ErrorAction Continue -ErrorVariable refused
$refused | ForEach-Object { $_.FullyQualifiedErrorId }

Write-Host "`n== Limits: plan, apply, read back" -ForegroundColor Cyan
$zone | Set-DatasetLimit -SnapshotLimit 64 -WhatIf
$zone | Set-DatasetLimit -SnapshotLimit 64 -Confirm:$false -PassThru | Format-Table

Write-Host "`n== Snapshots: Root is what a machine snapshot covers; Delegated never is" -ForegroundColor Cyan
# A machine snapshot, as the operator takes one: the zone root alone, and it says what it leaves out.
$zone | New-ZoneSnapshot -Name before-upgrade -WarningAction SilentlyContinue | Format-List Name, ZfsName, Covers, Excludes
# A snapshot the tenant takes inside the zone, of its delegated dataset (here over ssh, as the zone's zfs would).
& ssh -F /dev/null -i $IdentityFile -o UserKnownHostsFile=$KnownHostsFile -o StrictHostKeyChecking=yes -p $Port "$User@$HostName" `
    zfs snapshot "'$($zone.DelegatedDatasets[0])@tenant-nightly'"
$zone | Get-ZoneSnapshot | Format-Table

Write-Host "`n== The zones of this CN, judged against the policy" -ForegroundColor Cyan
Get-SafeZone | Format-Table

Disconnect-ComputeNode -All
