using System;
using System.Collections.Concurrent;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Which service roots answered that they lack an optional feature (an OData $batch or $expand), remembered for
    /// the process so every later call goes the plain way at once. A service that has them is never marked.
    /// </summary>
    internal static class OptionalFeatures
    {
        private static readonly ConcurrentDictionary<string, bool> Missing = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        public static bool Lacks(string feature, Uri serviceRoot) => Missing.ContainsKey(Key(feature, serviceRoot));

        public static void MarkMissing(string feature, Uri serviceRoot) => Missing[Key(feature, serviceRoot)] = true;

        /// <summary>What a service without the feature answers: an unknown route or option.</summary>
        public static bool MeansUnsupported(int status) => status == 400 || status == 404 || status == 405 || status == 501;

        private static string Key(string feature, Uri serviceRoot) => feature + " " + serviceRoot.AbsoluteUri;
    }
}
