# What every bench script prints with: medians, and one line per figure with its target and verdict.
# Dot-source it; it lives under lib/ so that build.ps1 -Task Bench does not run it as a benchmark.

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

function Write-Figure([string] $Name, [string] $Value, [string] $Target, [bool] $Met) {
    # A figure without a target (context for the others) prints no verdict.
    $verdict = if (-not $Target) { '' } elseif ($Met) { 'met' } else { 'NOT met' }
    '{0,-52} {1,-60} {2,-18} {3}' -f $Name, $Value, $(if ($Target) { "target $Target" } else { '' }), $verdict
}

function Get-MachineSpeed {
    # How fast this machine is right now, to read the timed figures against: the median time of one RSA-2048 signature
    # (about 0.8 ms on the 2-core machine the README's figures come from; a busy host makes it slower).
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $data = [byte[]]::new(1024)
    try {
        $times = foreach ($round in 1..5) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            foreach ($i in 1..100) { $null = $rsa.SignData($data, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1) }
            $watch.Elapsed.TotalMilliseconds / 100
        }
        Get-Median $times
    }
    finally { $rsa.Dispose() }
}
