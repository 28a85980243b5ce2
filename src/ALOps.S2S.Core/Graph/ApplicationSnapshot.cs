using Microsoft.Graph.Models;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// The app registration as one step read or created it, handed to the next step of the same pipeline so it is
    /// not read again. Opaque to the cmdlets, which never touch Microsoft Graph types themselves.
    /// </summary>
    public sealed class ApplicationSnapshot
    {
        internal ApplicationSnapshot(Application application) => Application = application;

        internal Application Application { get; }
    }
}
