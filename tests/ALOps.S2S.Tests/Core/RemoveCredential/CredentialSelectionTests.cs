using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.GetApp;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.RemoveCredential;
using System;
using System.Linq;
using Microsoft.Graph.Models;
using Xunit;

namespace ALOps.S2S.Tests.Core.RemoveCredential
{
    public class CredentialSelectionTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        private const string ClientId = "11111111-2222-3333-4444-555555555555";

        private static AppCredentialInfo Secret(string name, int startDays, int endDays)
            => new AppCredentialInfo(CredentialKind.Secret, Guid.NewGuid().ToString("D"), name, "abc", Now.AddDays(startDays), Now.AddDays(endDays));

        private static AppCredentialInfo Certificate(string name, int startDays, int endDays)
            => new AppCredentialInfo(CredentialKind.Certificate, Guid.NewGuid().ToString("D"), name, "THUMB", Now.AddDays(startDays), Now.AddDays(endDays));

        private static AppCredentialInfo Federated(string name)
            => new AppCredentialInfo(CredentialKind.Federated, Guid.NewGuid().ToString("D"), name, "repo:o/r", null, null);

        [Fact]
        public void Expired_takes_only_credentials_whose_end_has_passed()
        {
            var dead = Secret("dead", -100, -1);
            var live = Secret("live", -1, 100);
            var future = Secret("future", 5, 100);
            var (remove, gone) = CredentialSelection.Select(new[] { dead, live, future, Federated("f") }, new CredentialRemovalRequest(ClientId) { Expired = true }, Now);
            Assert.Equal(new[] { dead }, remove);
            Assert.Empty(gone);
        }

        [Fact]
        public void Keep_latest_keeps_the_newest_of_each_kind_and_leaves_federated_alone()
        {
            var oldSecret = Secret("old", -200, 10);
            var newSecret = Secret("new", -1, 180);
            var oldCertificate = Certificate("old", -300, 50);
            var newCertificate = Certificate("new", -10, 300);
            var federated = Federated("gh");
            var (remove, _) = CredentialSelection.Select(new[] { oldSecret, newSecret, oldCertificate, newCertificate, federated },
                new CredentialRemovalRequest(ClientId) { KeepLatest = 1 }, Now);
            Assert.Equal(new[] { oldSecret, oldCertificate }.OrderBy(c => c.KeyId), remove.OrderBy(c => c.KeyId));
        }

        [Fact]
        public void Key_ids_the_app_no_longer_has_are_already_gone_not_an_error()
        {
            var live = Secret("live", -1, 100);
            var missing = Guid.NewGuid().ToString("D");
            var (remove, gone) = CredentialSelection.Select(new[] { live }, new CredentialRemovalRequest(ClientId) { KeyIds = new[] { missing, live.KeyId.ToUpperInvariant() } }, Now);
            Assert.Equal(new[] { live }, remove);
            Assert.Equal(new[] { missing }, gone);
        }

        [Fact]
        public void Removing_the_last_valid_credential_is_refused_without_force()
        {
            var live = Secret("live", -1, 100);
            var dead = Secret("dead", -100, -1);
            var error = Assert.Throws<S2SException>(() => CredentialSelection.EnsureOneStaysValid(new[] { live, dead }, new[] { live, dead }, false, ClientId, Now));
            Assert.Equal("S2S.LastValidCredential", error.ErrorId.Value);
            Assert.Equal(ClientId, error.Target);
            Assert.Contains("-Force", error.RecommendedAction);
            CredentialSelection.EnsureOneStaysValid(new[] { live, dead }, new[] { live, dead }, true, ClientId, Now);
        }

        [Fact]
        public void A_federated_credential_or_a_remaining_valid_one_keeps_the_app_working()
        {
            var live = Secret("live", -1, 100);
            var federated = Federated("gh");
            CredentialSelection.EnsureOneStaysValid(new[] { live, federated }, new[] { live }, false, ClientId, Now);
            Assert.Throws<S2SException>(() => CredentialSelection.EnsureOneStaysValid(new[] { federated }, new[] { federated }, false, ClientId, Now));
        }

        [Fact]
        public void A_credential_that_has_not_started_does_not_count_as_valid()
        {
            var live = Secret("live", -1, 100);
            var notYet = Secret("not yet", 3, 100);
            Assert.Throws<S2SException>(() => CredentialSelection.EnsureOneStaysValid(new[] { live, notYet }, new[] { live }, false, ClientId, Now));
        }

        [Fact]
        public void An_app_without_any_valid_credential_may_lose_its_expired_ones()
        {
            var dead = Secret("dead", -100, -1);
            CredentialSelection.EnsureOneStaysValid(new[] { dead }, new[] { dead }, false, ClientId, Now);
        }

        [Fact]
        public void An_entry_needs_attention_when_a_secret_or_certificate_ends_within_the_days()
        {
            var entry = new AppInventoryEntry { Credentials = new[] { Secret("soon", -1, 10), Secret("later", -1, 300) } };
            Assert.True(entry.ExpiresWithin(30, Now));
            Assert.False(entry.ExpiresWithin(5, Now));
            Assert.True(new AppInventoryEntry { Credentials = new[] { Secret("dead", -10, -1) } }.ExpiresWithin(0, Now));
            Assert.False(new AppInventoryEntry { Credentials = new[] { Federated("gh") } }.ExpiresWithin(3650, Now));
            Assert.False(new AppInventoryEntry { Credentials = null }.ExpiresWithin(3650, Now));
        }

        [Theory]
        [InlineData("52ED9B5038A47B9E2E2190715CC238359D4F8F73")]
        public void A_certificate_hint_is_its_thumbprint_whether_graph_sent_hex_text_or_bytes(string thumbprint)
        {
            // Graph sends the hex text; the SDK decodes it as base64.
            var asSent = new KeyCredential { CustomKeyIdentifier = Convert.FromBase64String(thumbprint) };
            Assert.Equal(thumbprint, KeyCredentialThumbprint.Of(asSent));
            var raw = new KeyCredential { CustomKeyIdentifier = Enumerable.Range(0, 20).Select(i => Convert.ToByte(thumbprint.Substring(i * 2, 2), 16)).ToArray() };
            Assert.Equal(thumbprint, KeyCredentialThumbprint.Of(raw));
        }
    }
}
