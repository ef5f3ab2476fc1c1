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
$zone | Get-ZoneSnapshot | Format-Table

Write-Host "`n== The zones of this CN, judged against the policy" -ForegroundColor Cyan
Get-SafeZone | Format-Table

Disconnect-ComputeNode -All
