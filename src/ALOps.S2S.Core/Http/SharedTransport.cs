using System;
using System.Net.Http;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// The process's one pool of connections, at the end of every request chain: the operator, its view of each
    /// customer tenant and each app's sign-in (an app in a hundred tenants) reuse the same connections to a host
    /// instead of each opening and securing its own. Without cookies, so that nothing one identity is sent reaches
    /// another identity's calls.
    /// </summary>
    internal static class SharedTransport
    {
        private static readonly Lazy<HttpMessageHandler> Pool = new Lazy<HttpMessageHandler>(() => new HttpClientHandler { UseCookies = false });

        /// <summary>A handle on the pool for one chain; disposing the chain leaves the pool to the others.</summary>
        public static HttpMessageHandler Borrow() => new Borrowed(Pool.Value);

        private sealed class Borrowed : DelegatingHandler
        {
            public Borrowed(HttpMessageHandler pool) : base(pool) { }

            protected override void Dispose(bool disposing)
            {
                // The pool outlives every chain that borrowed it.
            }
        }
    }
}
