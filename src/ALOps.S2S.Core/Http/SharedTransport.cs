using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

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
        private static readonly Lazy<HttpMessageHandler> Pool = new Lazy<HttpMessageHandler>(CreatePool);
        private static readonly Version Http2 = new Version(2, 0);
        private static bool _speaksHttp2;

        private static HttpMessageHandler CreatePool()
        {
            // .NET (PowerShell 7): HTTP/2 where the service offers it (Entra, Graph and Business Central do), a few
            // connections per host carrying many calls each, instead of one connection, and one TLS handshake, per
            // call in flight. The engine is built for netstandard2.0, where SocketsHttpHandler is not in reach at
            // compile time. .NET Framework (Windows PowerShell 5.1) has no HTTP/2 client: HTTP/1.1 as before.
            var sockets = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (sockets?.GetProperty("IsSupported")?.GetValue(null) is true && Activator.CreateInstance(sockets) is HttpMessageHandler handler)
            {
                sockets.GetProperty("UseCookies")?.SetValue(handler, false);
                sockets.GetProperty("EnableMultipleHttp2Connections")?.SetValue(handler, true);
                _speaksHttp2 = true;
                return handler;
            }
            return new HttpClientHandler { UseCookies = false };
        }

        /// <summary>A handle on the pool for one chain; disposing the chain leaves the pool to the others.</summary>
        public static HttpMessageHandler Borrow() => new Borrowed(Pool.Value);

        private sealed class Borrowed : DelegatingHandler
        {
            public Borrowed(HttpMessageHandler pool) : base(pool) { }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                // Asked as HTTP/2 or lower: a service that does not offer HTTP/2 answers in HTTP/1.1.
                if (_speaksHttp2 && request.Version < Http2 && request.RequestUri?.Scheme == Uri.UriSchemeHttps) request.Version = Http2;
                return base.SendAsync(request, cancellationToken);
            }

            protected override void Dispose(bool disposing)
            {
                // The pool outlives every chain that borrowed it.
            }
        }
    }
}
