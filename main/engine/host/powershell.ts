/**
 * Running Windows PowerShell 5.1 (present on every supported Windows) without profiles, policy
 * prompts or progress noise, with values passed through the environment rather than pasted into
 * the script text. Scripts print one JSON document on stdout, `{error, id}` on failure.
 *
 * They keep to what Constrained Language Mode allows (hardened servers under AppLocker or WDAC
 * run PowerShell in it): cmdlets, core types and casts, no .NET method calls; output goes through
 * Write-Output, and the one .NET call (UTF-8 output) is optional, in its own try.
 */
import type { CommandResult, CommandRunner } from './runner';

/** The PowerShell executable; a plain name resolves through PATH. */
const POWERSHELL = 'powershell.exe';

const PRELUDE =
  "$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'; try { [Console]::OutputEncoding=[Text.Encoding]::UTF8 } catch {}\n";
const CATCH =
  '\n} catch { Write-Output (ConvertTo-Json -Compress -InputObject @{error=$_.Exception.Message; id=$_.FullyQualifiedErrorId}); exit 1 }';

/** Wraps a script body so any error becomes `{error, id}` JSON. */
function wrapScript(body: string): string {
  return `${PRELUDE}try {\n${body}${CATCH}`;
}

/** Runs a script through -EncodedCommand (UTF-16LE base64: no quoting problems). */
export function runPowerShell(
  runner: CommandRunner,
  body: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<CommandResult> {
  const encoded = Buffer.from(wrapScript(body), 'utf16le').toString('base64');
  return runner.run(
    POWERSHELL,
    ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded],
    {
      timeoutMs,
      env,
    },
  );
}

// Property lists of Select-Object are quoted ('Name', 'Id'): the same for PowerShell, and the form
// the grammar that checks these scripts in our tests can read (test/unit/host/powershell-syntax).

/**
 * PowerShell helper that reads `$env:VFC_PORTS` into a port test. It splits on `,` and `-` only and
 * casts to [int], so the caller builds the list from the parsed ports ("5060,9000-10999"), never
 * from the text as typed (an en dash or spaces there would break the cast).
 */
const PORT_FILTER = `
$ranges = @($env:VFC_PORTS -split ',' | Where-Object { $_ } | ForEach-Object { $a, $b = $_ -split '-'; if (-not $b) { $b = $a }; ,@([int]$a, [int]$b) })
function Test-Port([int]$p) { foreach ($r in $ranges) { if ($p -ge $r[0] -and $p -le $r[1]) { return $true } }; return $false }
`;

/** UDP endpoints and TCP listeners on the checked ports, with their processes and services. */
export const OWNERS_SCRIPT = `${PORT_FILTER}
$udp = @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue | Where-Object { Test-Port $_.LocalPort } | Select-Object 'LocalAddress', 'LocalPort', @{n='Pid';e={[int]$_.OwningProcess}})
$tcp = @(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue | Where-Object { Test-Port $_.LocalPort } | Select-Object 'LocalAddress', 'LocalPort', @{n='Pid';e={[int]$_.OwningProcess}})
$pids = @(@($udp) + @($tcp) | ForEach-Object { $_.Pid } | Where-Object { $_ -gt 0 } | Sort-Object -Unique)
$procs = @(); $svcs = @()
if ($pids.Count -gt 0) {
  $filter = ($pids | ForEach-Object { "ProcessId=$_" }) -join ' OR '
  $procs = @(Get-CimInstance Win32_Process -Filter $filter | Select-Object @{n='Pid';e={[int]$_.ProcessId}}, 'Name', 'ExecutablePath')
  $svcs = @(Get-CimInstance Win32_Service -Filter $filter | Select-Object @{n='Pid';e={[int]$_.ProcessId}}, 'Name', 'PathName')
}
Write-Output (ConvertTo-Json -Compress -Depth 4 -InputObject @{udp=$udp; tcp=$tcp; processes=$procs; services=$svcs})`;

/** Firewall profiles from the active store (Group Policy included) and the active network categories. */
export const FIREWALL_PROFILES_SCRIPT = `
$profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object 'Name', @{n='Enabled';e={[string]$_.Enabled}}, @{n='AllowInboundRules';e={[string]$_.AllowInboundRules}}, @{n='AllowLocalFirewallRules';e={[string]$_.AllowLocalFirewallRules}})
$active = @(Get-NetConnectionProfile -ErrorAction SilentlyContinue | Select-Object @{n='Category';e={[string]$_.NetworkCategory}})
Write-Output (ConvertTo-Json -Compress -Depth 4 -InputObject @{profiles=$profiles; active=$active})`;

/**
 * Enabled inbound rules that can concern UDP, from the active store. Each filter collection is
 * fetched once and joined on InstanceID: per-rule filter calls take minutes on big hosts.
 */
export const FIREWALL_RULES_SCRIPT = `
$pf=@{}; Get-NetFirewallPortFilter -All -PolicyStore ActiveStore | ForEach-Object { $pf[$_.InstanceID]=$_ }
$af=@{}; Get-NetFirewallApplicationFilter -All -PolicyStore ActiveStore | ForEach-Object { $af[$_.InstanceID]=$_ }
$sf=@{}; Get-NetFirewallServiceFilter -All -PolicyStore ActiveStore | ForEach-Object { $sf[$_.InstanceID]=$_ }
$ad=@{}; Get-NetFirewallAddressFilter -All -PolicyStore ActiveStore | ForEach-Object { $ad[$_.InstanceID]=$_ }
$rules = @(foreach ($r in Get-NetFirewallRule -PolicyStore ActiveStore -Direction Inbound -Enabled True) {
  $p=$pf[$r.InstanceID]; $a=$af[$r.InstanceID]; $s=$sf[$r.InstanceID]; $d=$ad[$r.InstanceID]
  if ($p -and [string]$p.Protocol -notin 'UDP','Any') { continue }
  [pscustomobject]@{ DisplayName=$r.DisplayName; Action=[string]$r.Action; Profile=[string]$r.Profile; Protocol=[string]$p.Protocol; LocalPort=@($p.LocalPort); Program=[string]$a.Program; Service=[string]$s.Service; RemoteAddress=@($d.RemoteAddress) }
})
Write-Output (ConvertTo-Json -Compress -Depth 4 -InputObject @{rules=$rules})`;

/** Every service whose name starts with 3CX. */
export const PBX_SERVICES_SCRIPT = `
$s = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -like '3CX*' } | Select-Object 'Name', 'DisplayName', @{n='Status';e={[string]$_.Status}})
Write-Output (ConvertTo-Json -Compress -Depth 3 -InputObject @{services=$s})`;

/**
 * Stops or starts the services named in $env:VFC_SERVICES (a JSON array), one result per service.
 * Each is found by exact name: -Name takes wildcards, and a comma-joined list would split a name.
 */
export function serviceActionScript(action: 'stop' | 'start'): string {
  const verb = action === 'stop' ? 'Stop-Service -Force' : 'Start-Service';
  return `
$all = @(Get-Service -ErrorAction SilentlyContinue)
$results = @(foreach ($name in (ConvertFrom-Json -InputObject $env:VFC_SERVICES)) {
  try {
    $svc = @($all | Where-Object { $_.Name -eq $name })
    if ($svc.Count -ne 1) { throw ('no service named ' + $name) }
    ${verb} -InputObject $svc[0] -ErrorAction Stop; [pscustomobject]@{ Name=$name; Ok=$true; Error=$null }
  }
  catch { [pscustomobject]@{ Name=$name; Ok=$false; Error=$_.Exception.Message } }
})
Write-Output (ConvertTo-Json -Compress -Depth 3 -InputObject @{results=$results})`;
}

/** Why a PowerShell call gave nothing usable: its error id when it printed one, else `fallback`. */
export function powershellFailure(result: CommandResult, fallback: string): string {
  return /FullyQualifiedErrorId\s*:\s*(\S+)/.exec(result.stderr)?.[1] ?? result.error ?? fallback;
}
