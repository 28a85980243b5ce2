namespace ALOps.S2S.Emulator.Recording;

/// <summary>
/// <c>--record DIR --state-dir DIR [--ca-dir DIR] [--upstream-login URL] [--upstream-graph URL] [--upstream-bc URL]
/// [--exit-on-stdin-close]</c>: the recording proxy of <c>build.ps1 -Task LiveTest</c> (CONTRACT.md "Recording proxy").
/// Upstreams default to the public cloud.
/// </summary>
public sealed record RecorderOptions(string RecordingDirectory, string StateDirectory, string? CaDirectory, Uri UpstreamLogin, Uri UpstreamGraph,
    Uri UpstreamBusinessCentral, bool ExitOnStdinClose)
{
    public const string Usage = "usage: ALOps.S2S.Emulator --record <dir> --state-dir <dir> [--ca-dir <dir>] [--upstream-login <url>] [--upstream-graph <url>] [--upstream-bc <url>] [--exit-on-stdin-close]";

    public static RecorderOptions Parse(IReadOnlyList<string> args)
    {
        string? recording = null, state = null, ca = null;
        string login = "https://login.microsoftonline.com", graph = "https://graph.microsoft.com", bc = "https://api.businesscentral.dynamics.com";
        var exitOnStdinClose = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--record": recording = Value(args, ref i); break;
                case "--state-dir": state = Value(args, ref i); break;
                case "--ca-dir": ca = Value(args, ref i); break;
                case "--upstream-login": login = Value(args, ref i); break;
                case "--upstream-graph": graph = Value(args, ref i); break;
                case "--upstream-bc": bc = Value(args, ref i); break;
                case "--exit-on-stdin-close": exitOnStdinClose = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        if (recording is null || state is null) throw new ArgumentException($"--record and --state-dir are required. {Usage}");
        return new RecorderOptions(recording, state, ca, Host(login), Host(graph), Host(bc), exitOnStdinClose);
    }

    private static Uri Host(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath == "/"
            ? new Uri(uri.GetLeftPart(UriPartial.Authority))
            : throw new ArgumentException($"'{value}' is not an https host (https://host[:port]). {Usage}");

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value. {Usage}");
}
