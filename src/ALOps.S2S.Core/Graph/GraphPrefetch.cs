using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// Reads several Graph objects in one JSON $batch request, ahead of the steps that need them. A step takes what
    /// answered 2xx; for anything else (not found, throttled, a Graph without $batch) it makes its own request as it
    /// always did, which retries, waits for replication and names errors. Only when Graph is unreachable, unavailable
    /// or throttled past the wait budget does the batch's own failure end the command: reading one by one would wait
    /// all over again.
    /// </summary>
    internal sealed class GraphPrefetch
    {
        /// <summary>Graph refuses a batch of more than 20 requests.</summary>
        private const int MaxRequests = 20;
        private const string Feature = "graph $batch";

        private static readonly GraphPrefetch Nothing = new GraphPrefetch(null, new Dictionary<string, HttpStatusCode>(), new Dictionary<string, RequestInformation>());

        private readonly BatchResponseContentCollection? _responses;
        private readonly IReadOnlyDictionary<string, HttpStatusCode> _statuses;
        private readonly IReadOnlyDictionary<string, RequestInformation> _reads;

        private GraphPrefetch(BatchResponseContentCollection? responses, IReadOnlyDictionary<string, HttpStatusCode> statuses, IReadOnlyDictionary<string, RequestInformation> reads)
        {
            _responses = responses;
            _statuses = statuses;
            _reads = reads;
        }

        /// <param name="reads">GET requests by the id a step asks for them with; fewer than two are left to the steps.</param>
        /// <param name="doing">What the reads are for, to name in an error (e.g. "read the app and its service principal").</param>
        public static async Task<GraphPrefetch> ReadAsync(GraphServiceClient graph, IReadOnlyDictionary<string, RequestInformation> reads, string doing, string? target, CancellationToken ct)
        {
            var root = new Uri(graph.RequestAdapter.BaseUrl!.TrimEnd('/') + "/");
            if (reads.Count < 2 || reads.Count > MaxRequests || OptionalFeatures.Lacks(Feature, root)) return Nothing;
            try
            {
                var batch = new BatchRequestContentCollection(graph);
                foreach (var read in reads) await batch.AddBatchRequestStepAsync(read.Value, read.Key).ConfigureAwait(false);
                var responses = await graph.Batch.PostAsync(batch, ct).ConfigureAwait(false);
                var statuses = await StatusesAsync(responses).ConfigureAwait(false);
                if (statuses != null && reads.Keys.All(statuses.ContainsKey)) return new GraphPrefetch(responses, statuses, reads);
                S2SLogScope.Current.Verbose("Microsoft Graph's answer to the $batch is not a batch answer; reading one by one.");
                OptionalFeatures.MarkMissing(Feature, root);
                return Nothing;
            }
            catch (ApiException e) when (OptionalFeatures.MeansUnsupported(e.ResponseStatusCode))
            {
                S2SLogScope.Current.Verbose($"Microsoft Graph has no $batch here (HTTP {e.ResponseStatusCode}); reading one by one.");
                OptionalFeatures.MarkMissing(Feature, root);
                return Nothing;
            }
            catch (ApiException e) when (e.ResponseStatusCode < 500 && e.ResponseStatusCode != 429)
            {
                S2SLogScope.Current.Verbose($"Microsoft Graph refused the $batch (HTTP {e.ResponseStatusCode}); reading one by one.");
                return Nothing;
            }
            catch (ODataError e)
            {
                throw GraphErrors.Describe(e, doing, target, "Try again in a few minutes: Microsoft Graph is busy or unavailable.");
            }
            catch (ApiException e)
            {
                throw GraphErrors.Describe(e, doing, target, "Try again in a few minutes: Microsoft Graph is busy or unavailable.");
            }
        }

        /// <summary>The object read as <paramref name="id"/> when Graph answered it with success; otherwise null.</summary>
        public async Task<T?> GetAsync<T>(string id) where T : class, IParsable, new()
        {
            if (_responses == null || !_statuses.TryGetValue(id, out var status)) return null;
            var read = $"GET {Redactor.RedactUrl(_reads[id].URI)}";
            if ((int)status < 200 || (int)status > 299)
            {
                S2SLogScope.Current.Verbose($"Microsoft Graph answered HTTP {(int)status} to {read} inside the $batch; reading it again on its own.");
                return null;
            }
            try
            {
                return await _responses.GetResponseByIdAsync<T>(id).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // A read ahead is only ever a shortcut: an answer it cannot use is asked for again the usual way.
                S2SLogScope.Current.Verbose($"The $batch answer to {read} could not be read ({e.GetType().Name}); reading it again on its own.");
                return null;
            }
        }

        /// <summary>The status of each read; null when the answer is no batch answer (a stand-in that answers anything with 200).</summary>
        private static async Task<Dictionary<string, HttpStatusCode>?> StatusesAsync(BatchResponseContentCollection responses)
        {
            try
            {
                return await responses.GetResponsesStatusCodesAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return null;
            }
        }
    }
}
