using ALOps.S2S.Emulator.Hosting;

namespace ALOps.S2S.Emulator.Recording;

/// <summary>The command-line modes <c>--record</c> (the recording proxy) and <c>--scan-recording</c> (the scan on its own).</summary>
public static class RecorderProgram
{
    public static bool Handles(IReadOnlyList<string> args) => args.Contains("--record") || args.Contains("--scan-recording");

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Contains("--scan-recording")) return Scan(args);
        RecorderOptions options;
        try
        {
            options = RecorderOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        await using var proxy = await RecordingProxy.StartAsync(options);
        return await ProcessLifetime.RunAsync($"RECORDER READY {proxy.StateFilePath}", proxy.StopAsync, proxy.Stopped, options.ExitOnStdinClose);
    }

    /// <summary>
    /// <c>--scan-recording DIR [--known-values-stdin]</c>: exit 0 when clean, 1 with one line per finding. Known values
    /// (secrets, the tenant) come one per line on stdin, never on the command line.
    /// </summary>
    private static int Scan(IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf("--scan-recording");
        if (at + 1 >= args.Count)
        {
            Console.Error.WriteLine("usage: ALOps.S2S.Emulator --scan-recording <dir> [--known-values-stdin]");
            return 2;
        }
        var directory = args[at + 1];
        var known = new List<string>();
        if (args.Contains("--known-values-stdin"))
            for (var line = Console.In.ReadLine(); line is not null; line = Console.In.ReadLine())
                if (line.Trim().Length > 0) known.Add(line.Trim());
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"{directory}: no such directory");
            return 2;
        }
        var findings = RecordingScan.Scan(directory, known);
        foreach (var finding in findings) Console.WriteLine(finding);
        Console.WriteLine(findings.Count == 0 ? $"scan: {directory} is clean ({Directory.GetFiles(directory, "*.json").Length} files)" : $"scan: {findings.Count} finding(s) in {directory}");
        return findings.Count == 0 ? 0 : 1;
    }
}
