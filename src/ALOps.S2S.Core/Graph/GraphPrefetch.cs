using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// Reads several Graph objects in one JSON $batch request, ahead of the steps that need them. A step takes what
    /// answered 2xx; for anything else (not found, throttled, a Graph without $batch) it makes its own request as it
    /// always did, which retries, waits for replication and names errors. So a prefetch saves requests, never changes
    /// an outcome.
    /// </summary>
    internal sealed class GraphPrefetch
    {
        /// <summary>Graph refuses a batch of more than 20 requests.</summary>
        private const int MaxRequests = 20;
        private const string Feature = "graph $batch";

        private static readonly GraphPrefetch Nothing = new GraphPrefetch(null, new Dictionary<string, HttpStatusCode>());

        private readonly BatchResponseContentCollection? _responses;
        private readonly IReadOnlyDictionary<string, HttpStatusCode> _statuses;

        private GraphPrefetch(BatchResponseContentCollection? responses, IReadOnlyDictionary<string, HttpStatusCode> statuses)
        {
            _responses = responses;
            _statuses = statuses;
        }

        /// <param name="reads">GET requests by the id a step asks for them with; fewer than two are left to the steps.</param>
        public static async Task<GraphPrefetch> ReadAsync(GraphServiceClient graph, IReadOnlyDictionary<string, RequestInformation> reads, CancellationToken ct)
        {
            var root = new Uri(graph.RequestAdapter.BaseUrl!.TrimEnd('/') + "/");
            if (reads.Count < 2 || reads.Count > MaxRequests || OptionalFeatures.Lacks(Feature, root)) return Nothing;
            try
            {
                var batch = new BatchRequestContentCollection(graph);
                foreach (var read in reads) await batch.AddBatchRequestStepAsync(read.Value, read.Key).ConfigureAwait(false);
                var responses = await graph.Batch.PostAsync(batch, ct).ConfigureAwait(false);
                return new GraphPrefetch(responses, await responses.GetResponsesStatusCodesAsync().ConfigureAwait(false));
            }
            catch (ApiException e) when (OptionalFeatures.MeansUnsupported(e.ResponseStatusCode))
            {
                S2SLogScope.Current.Verbose($"Microsoft Graph has no $batch here (HTTP {e.ResponseStatusCode}); reading one by one.");
                OptionalFeatures.MarkMissing(Feature, root);
                return Nothing;
            }
            catch (Exception e) when (e is ApiException || e is HttpRequestException || e is Errors.S2SException)
            {
                S2SLogScope.Current.Verbose($"Reading ahead in one $batch request failed ({e.GetType().Name}); reading one by one.");
                return Nothing;
            }
        }

        /// <summary>The object read as <paramref name="id"/> when Graph answered it with success; otherwise null.</summary>
        public async Task<T?> GetAsync<T>(string id) where T : class, IParsable, new()
        {
            if (_responses == null || !_statuses.TryGetValue(id, out var status) || (int)status < 200 || (int)status > 299) return null;
            return await _responses.GetResponseByIdAsync<T>(id).ConfigureAwait(false);
        }
    }
}
