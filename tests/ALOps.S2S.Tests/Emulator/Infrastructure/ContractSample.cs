using System.Text.Json.Nodes;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// One of Microsoft's documented request/response examples in <c>tests/contract-samples</c> (copied next to the test
/// assembly by the build), or in the folder <c>ALOPS_S2S_CONTRACT_SAMPLES</c> names (e.g. a recording of a real tenant).
/// </summary>
public sealed class ContractSample
{
    private ContractSample(string name, JsonObject document)
    {
        Name = name;
        Document = document;
    }

    public string Name { get; }
    public JsonObject Document { get; }
    public JsonObject? Response => Document["response"] as JsonObject;
    public JsonNode? ResponseBody => Response?["body"];
    public int? Status => Response?["status"] is JsonValue v && v.TryGetValue<int>(out var status) ? status : null;
    public JsonObject Headers => Response?["headers"] as JsonObject ?? new JsonObject();
    public bool BodyIsItemOfValueArray => Response?["body_is_item_of_value_array"] is JsonValue v && v.GetValue<bool>();

    public static ContractSample Load(string name) =>
        new(name, (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name)))!);

    /// <summary>A sample file anywhere (a recording's files are loaded the same way).</summary>
    public static ContractSample LoadFile(string path) =>
        new(Path.GetFileName(path), (JsonObject)JsonNode.Parse(File.ReadAllText(path))!);

    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("ALOPS_S2S_CONTRACT_SAMPLES") is { Length: > 0 } configured) return configured;
        var copied = Path.Combine(AppContext.BaseDirectory, "contract-samples");
        if (System.IO.Directory.Exists(copied)) return copied;
        throw new DirectoryNotFoundException($"{copied} not found: the test project copies tests/contract-samples there on build.");
    }
}
