# Runs the README's PowerShell recipe (extracted verbatim by .ci/run into -Recipe) and fails unless it
# behaved: the read answered the settings, the change answered the new roles, and the invalid change
# answered Graph's 400 error envelope. The recipe is dot-sourced so its variables can be checked here.
param([Parameter(Mandatory)][string] $Recipe)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

. $Recipe

$userAdministrator = 'fe930be7-5e62-47db-91af-98c3a49a38b1'
$problems = @()
if ($null -ne $settings.source) { $problems += "the read answered source '$($settings.source)', not the unset (null) source" }
if (@($updated.allowedRoles) -notcontains $userAdministrator) { $problems += "the change answered allowedRoles '$($updated.allowedRoles -join ', ')'" }
if ($status -ne 400) { $problems += "the invalid change answered $status, not 400" }
if ($bad.error.code -ne 'BadRequest') { $problems += "the invalid change's error code was '$($bad.error.code)', not 'BadRequest'" }
if ($bad.error.message -notlike "'nowhere' is not a valid value*") { $problems += "the invalid change's message was '$($bad.error.message)'" }
if ($problems) { $problems | ForEach-Object { Write-Host "PowerShell recipe: $_" }; exit 1 }
Write-Host 'the README PowerShell recipe read, changed and was refused as documented'
