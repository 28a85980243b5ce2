using Microsoft.IdentityModel.Abstractions;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>
    /// MSAL's informational lines on the debug stream of the command running, redacted. MSAL asks
    /// <see cref="IsEnabled"/> before it builds a line, so without -Debug it builds none (one line costs more than a
    /// token from its cache).
    /// </summary>
    internal sealed class MsalDebugLog : IIdentityLogger
    {
        public static readonly MsalDebugLog Instance = new MsalDebugLog();

        public bool IsEnabled(EventLogLevel eventLogLevel) => eventLogLevel <= EventLogLevel.Informational && S2SLogScope.Current.IsDebugEnabled;

        public void Log(LogEntry entry)
        {
            if (!IsEnabled(entry.EventLogLevel) || entry.Message == null) return;
            // MSAL starts each line with whether it may contain personal data: never, with PII logging off.
            var message = entry.Message.StartsWith(NoPersonalData, System.StringComparison.Ordinal) ? entry.Message.Substring(NoPersonalData.Length) : entry.Message;
            S2SLogScope.Current.Debug("MSAL: " + Redactor.Redact(message));
        }

        private const string NoPersonalData = "False ";
    }
}
