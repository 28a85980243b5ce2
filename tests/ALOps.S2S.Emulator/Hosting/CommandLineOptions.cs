namespace ALOps.S2S.Emulator.Hosting;

/// <summary>
/// <c>--state-dir DIR [--ca-dir DIR] [--init-ca] [--exit-on-stdin-close]</c> (CONTRACT.md "Process and files").
/// </summary>
public sealed record CommandLineOptions(string? StateDirectory, string? CaDirectory, bool InitCa, bool ExitOnStdinClose)
{
    public const string Usage = "usage: ALOps.S2S.Emulator --state-dir <dir> [--ca-dir <dir>] [--init-ca] [--exit-on-stdin-close]";

    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        string? state = null, ca = null;
        bool initCa = false, exitOnStdinClose = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--state-dir": state = Value(args, ref i); break;
                case "--ca-dir": ca = Value(args, ref i); break;
                case "--init-ca": initCa = true; break;
                case "--exit-on-stdin-close": exitOnStdinClose = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        if (state is null && !(initCa && ca is not null)) throw new ArgumentException($"--state-dir is required. {Usage}");
        return new CommandLineOptions(state, ca, initCa, exitOnStdinClose);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value. {Usage}");
}
