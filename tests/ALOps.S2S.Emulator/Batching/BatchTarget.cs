using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>Where an inner request of a JSON batch goes on the host, or the answer the batch gives it itself instead.</summary>
public sealed record BatchTarget(PathString Path, QueryString Query, BatchAnswer? Refusal)
{
    public static BatchTarget To(PathString path, QueryString query) => new(path, query, null);

    public static BatchTarget Refused(BatchAnswer answer) => new(PathString.Empty, QueryString.Empty, answer);
}
