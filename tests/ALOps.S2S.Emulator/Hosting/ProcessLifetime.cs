using System.Runtime.InteropServices;

namespace ALOps.S2S.Emulator.Hosting;

/// <summary>
/// The command line's life: print the READY line, then run until stopped by SIGTERM/SIGINT, by stdin closing
/// (<c>--exit-on-stdin-close</c>) or by the host itself (<c>stopped</c>).
/// </summary>
public static class ProcessLifetime
{
    public static async Task<int> RunAsync(string readyLine, Func<Task> stop, Task stopped, bool exitOnStdinClose)
    {
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        if (exitOnStdinClose)
        {
            _ = Task.Run(async () =>
            {
                var buffer = new char[256];
                using var stdin = Console.In;
                while (await stdin.ReadAsync(buffer) > 0) { }
                await stop();
            });
        }

        Console.WriteLine(readyLine);
        Console.Out.Flush();
        await stopped;
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            _ = stop();
        }
    }
}
