using ALOps.S2S.Core.Tokens;
using Xunit;

namespace ALOps.S2S.Tests.Core.Tokens
{
    public class TokenReuseTests
    {
        private static AccessToken Token(string resource, TimeSpan left) => new AccessToken("token-" + Guid.NewGuid().ToString("N"), resource, DateTimeOffset.UtcNow + left);

        [Fact]
        public async Task Hands_a_token_with_time_left_out_again_without_asking_the_source()
        {
            var reuse = new TokenReuse();
            var asked = 0;
            Task<AccessToken> Acquire(string resource, CancellationToken _) { asked++; return Task.FromResult(Token(resource, TimeSpan.FromHours(1))); }

            var first = await reuse.GetAsync("https://api.businesscentral.dynamics.com", Acquire, CancellationToken.None);
            var second = await reuse.GetAsync("https://api.businesscentral.dynamics.com", Acquire, CancellationToken.None);

            Assert.Same(first, second);
            Assert.Equal(1, asked);
        }

        [Fact]
        public async Task Asks_again_for_a_token_in_its_last_five_minutes()
        {
            var reuse = new TokenReuse();
            var asked = 0;
            Task<AccessToken> Acquire(string resource, CancellationToken _) { asked++; return Task.FromResult(Token(resource, TimeSpan.FromMinutes(4))); }

            var first = await reuse.GetAsync("https://graph.microsoft.com", Acquire, CancellationToken.None);
            var second = await reuse.GetAsync("https://graph.microsoft.com", Acquire, CancellationToken.None);

            Assert.NotSame(first, second);
            Assert.Equal(2, asked);
        }

        [Fact]
        public async Task Keeps_each_resource_apart_and_forgets_nothing_that_failed()
        {
            var reuse = new TokenReuse();
            var asked = new List<string>();
            var fail = true;
            Task<AccessToken> Acquire(string resource, CancellationToken _)
            {
                asked.Add(resource);
                if (fail && resource == "https://graph.microsoft.com") throw new InvalidOperationException("sign-in failed");
                return Task.FromResult(Token(resource, TimeSpan.FromHours(1)));
            }

            var bc = await reuse.GetAsync("https://api.businesscentral.dynamics.com", Acquire, CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() => reuse.GetAsync("https://graph.microsoft.com", Acquire, CancellationToken.None));
            fail = false;
            var graph = await reuse.GetAsync("https://graph.microsoft.com", Acquire, CancellationToken.None);

            Assert.Equal("https://api.businesscentral.dynamics.com", bc.Resource);
            Assert.Equal("https://graph.microsoft.com", graph.Resource);
            Assert.Equal(new[] { "https://api.businesscentral.dynamics.com", "https://graph.microsoft.com", "https://graph.microsoft.com" }, asked);
        }

        [Fact]
        public async Task Hands_out_a_token_offered_to_it_and_keeps_a_token_it_already_has()
        {
            var reuse = new TokenReuse();
            var asked = 0;
            Task<AccessToken> Acquire(string resource, CancellationToken _) { asked++; return Task.FromResult(Token(resource, TimeSpan.FromHours(1))); }
            var offered = Token("https://graph.microsoft.com", TimeSpan.FromHours(1));

            reuse.Offer(offered);
            reuse.Offer(Token("https://graph.microsoft.com", TimeSpan.FromHours(1)));
            reuse.Offer(Token("https://api.businesscentral.dynamics.com", TimeSpan.FromMinutes(4)));

            Assert.Same(offered, await reuse.GetAsync("https://graph.microsoft.com", Acquire, CancellationToken.None));
            Assert.Equal(0, asked);
            // A token in its last five minutes is not kept: the source is asked.
            await reuse.GetAsync("https://api.businesscentral.dynamics.com", Acquire, CancellationToken.None);
            Assert.Equal(1, asked);
        }
    }
}
