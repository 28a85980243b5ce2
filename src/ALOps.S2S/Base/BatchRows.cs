using System;
using System.Management.Automation;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Base
{
    /// <summary>How the batch cmdlets name their input rows, and the errors of rows that failed.</summary>
    internal static class BatchRows
    {
        /// <summary>Rows at the same time by default: as ForEach-Object -Parallel, polite to each tenant's throttling.</summary>
        public const int DefaultThrottleLimit = 5;

        public static string Describe(int number, string? tenant, string clientId, string what)
            => $"row {number}: {(tenant == null ? string.Empty : "tenant " + tenant + ", ")}app {clientId}{(string.IsNullOrEmpty(what) ? string.Empty : ", " + what)}";

        /// <summary>A row's failure as a non-terminating error: its own error id, and the row in the message and as the target.</summary>
        public static ErrorRecord RowError(Exception error, S2SErrorId fallbackErrorId, string row)
        {
            var s2s = error as S2SException ?? new S2SException(fallbackErrorId, error.Message);
            return ErrorRecords.From(s2s.Restated(InRow(row, s2s.Message), row));
        }

        /// <summary>A message about a row, starting with it: "Row 3: tenant ...: message".</summary>
        public static string InRow(string row, string message)
            => (row.Length == 0 ? row : char.ToUpperInvariant(row[0]) + row.Substring(1)) + ": " + message;
    }
}
