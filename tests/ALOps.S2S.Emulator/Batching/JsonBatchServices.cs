using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.Batching;

public static class JsonBatchServices
{
    /// <summary>What a host needs to serve JSON batches; call <see cref="BatchPipeline.Capture"/> when building it.</summary>
    public static IServiceCollection AddJsonBatching(this IServiceCollection services) => services
        .AddSingleton<BatchPipeline>()
        .AddSingleton<JsonBatchRunner>();
}
