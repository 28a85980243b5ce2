namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>One resource path segment: an entity set name and, for <c>name(key)</c>, its key (quotes and <c>id=</c> removed).</summary>
public sealed record ODataSegment(string Name, string? Key)
{
    public static ODataSegment Parse(string segment)
    {
        var open = segment.IndexOf('(');
        if (open < 0 || !segment.EndsWith(')')) return new ODataSegment(segment, null);
        var key = segment[(open + 1)..^1];
        var equals = key.IndexOf('=');
        if (equals >= 0) key = key[(equals + 1)..];
        return new ODataSegment(segment[..open], key.Trim('\''));
    }

    public override string ToString() => Key is null ? Name : $"{Name}({Key})";
}
