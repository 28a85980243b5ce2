using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ALOps.S2S.Completers
{
    /// <summary>Filters candidate values by the word typed so far and quotes those that need it.</summary>
    internal static class CompletionResults
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string? wordToComplete)
        {
            try
            {
                var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
                var pattern = Pattern(typed);
                return candidates
                    .Where(c => !string.IsNullOrEmpty(c) && IsMatch(pattern, c, typed))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, c))
                    .ToList();
            }
            catch
            {
                // A completer must never break the prompt.
                return Array.Empty<CompletionResult>();
            }
        }

        // What the user typed may hold wildcards (D365*READ); an unbalanced '[' is taken literally.
        private static WildcardPattern Pattern(string typed) => new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);

        private static bool IsMatch(WildcardPattern pattern, string candidate, string typed)
        {
            try { return pattern.IsMatch(candidate); }
            catch (WildcardPatternException) { return new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase).IsMatch(candidate); }
        }

        private static string Quote(string value)
            => value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) < 0
                ? value
                : "'" + value.Replace("'", "''") + "'";
    }
}
