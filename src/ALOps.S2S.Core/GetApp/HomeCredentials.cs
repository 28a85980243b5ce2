using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>An app's credentials as read in its home tenant, or why they could not be read.</summary>
    internal sealed class HomeCredentials
    {
        public HomeCredentials(AppRegistrationCredentials? app, string? note)
        {
            App = app;
            Note = note;
        }

        public AppRegistrationCredentials? App { get; }
        public string? Note { get; }
    }
}
