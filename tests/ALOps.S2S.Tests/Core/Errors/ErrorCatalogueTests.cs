using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using Xunit;

namespace ALOps.S2S.Tests.Core.Errors
{
    /// <summary>The error catalogue (S2SErrors) is the one list of ids: well-formed, unique, and what the README and the diagnoses name.</summary>
    public class ErrorCatalogueTests
    {
        private static readonly Regex IdShape = new Regex(@"^S2S\.[A-Z][A-Za-z]+$");

        [Fact]
        public void Every_id_is_well_formed_and_unique()
        {
            Assert.True(S2SErrors.All.Count > 100, $"the catalogue lists {S2SErrors.All.Count} ids");
            foreach (var id in S2SErrors.All)
                Assert.Matches(IdShape, id.Value);
            var repeated = S2SErrors.All.GroupBy(id => id.Value, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(repeated);
        }

        [Fact]
        public void Every_id_has_a_kind_and_a_one_line_meaning()
        {
            foreach (var id in S2SErrors.All)
            {
                Assert.True(Enum.IsDefined(typeof(S2SErrorKind), id.Kind), $"{id} has no kind");
                Assert.False(string.IsNullOrWhiteSpace(id.Meaning), $"{id} has no meaning");
                Assert.DoesNotContain("\n", id.Meaning);
                Assert.EndsWith(".", id.Meaning);
            }
        }

        [Fact]
        public void An_exception_takes_its_kind_from_the_catalogue_unless_told_otherwise()
        {
            Assert.Equal(S2SErrorKind.AuthenticationError, new S2SException(S2SErrors.InvalidClientSecret, "m").Kind);
            Assert.Equal(S2SErrorKind.ObjectNotFound, new S2SException(S2SErrors.GraphRequestFailed, "m", kind: S2SErrorKind.ObjectNotFound).Kind);
        }

        [Fact]
        public void Every_diagnosis_names_an_id_of_the_catalogue()
        {
            var diagnoses = AadstsCatalogue.All.Concat(SymptomCatalogue.All).ToList();
            Assert.NotEmpty(diagnoses);
            foreach (var diagnosis in diagnoses)
                Assert.Contains(diagnosis.ErrorId, S2SErrors.All);
        }

        [Fact]
        public void Every_id_in_the_README_troubleshooting_table_is_in_the_catalogue()
        {
            var readme = File.ReadAllText(ReadmePath()).Replace("\r", string.Empty);
            var table = Regex.Match(readme, @"<!-- troubleshooting:begin[^>]*-->\n([\s\S]*?)\n<!-- troubleshooting:end -->").Groups[1].Value;
            var rows = table.Split('\n').Skip(2).ToList();
            Assert.True(rows.Count > 30, $"the README table has {rows.Count} rows");
            var known = S2SErrors.All.Select(id => id.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var id = row.Split('|')[2].Trim();
                Assert.True(known.Contains(id), $"README names '{id}', which is not in S2SErrors: {row}");
            }
        }

        private static string ReadmePath()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "README.md");
                if (File.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "src", "ALOps.S2S.Core"))) return candidate;
            }
            throw new FileNotFoundException("README.md of the repository not found above the test directory.");
        }
    }
}
