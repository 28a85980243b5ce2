using System.Text.Json.Nodes;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// One of Microsoft's documented request/response examples in <c>shared/contract-samples</c> (found next to the
/// repository, or through <c>ALOPS_S2S_CONTRACT_SAMPLES</c>).
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

    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("ALOPS_S2S_CONTRACT_SAMPLES") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "contract-samples");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/contract-samples not found above the test directory; set ALOPS_S2S_CONTRACT_SAMPLES.");
    }
}
