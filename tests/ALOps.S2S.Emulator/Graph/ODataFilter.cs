using System.Text;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// A <c>$filter</c> expression: <c>prop eq 'value'</c>, <c>prop ne 'value'</c>, <c>startswith(prop,'value')</c>,
/// combined with <c>and</c>/<c>or</c>/<c>not</c> and parentheses. String comparison is case-insensitive, as the
/// directory's is. Anything else (lambda operators, <c>owners/$count</c>, ...) is an unsupported query.
/// </summary>
public abstract class ODataFilter
{
    public abstract bool Matches(JsonObject item, string typeName);

    public static ODataFilter Parse(string text)
    {
        var parser = new Parser(Tokenize(text), text);
        var expression = parser.ParseOr();
        parser.ExpectEnd();
        return expression;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or ',') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '\'')
            {
                var literal = new StringBuilder("'");
                i++;
                while (true)
                {
                    if (i >= text.Length) throw Unsupported(text);
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { literal.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    literal.Append(text[i++]);
                }
                tokens.Add(literal.ToString());
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '\'')) i++;
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static GraphException Unsupported(string text) => GraphErrors.UnsupportedQuery($"Unsupported query: '{text}'.");

    private static string Property(JsonObject item, string name, string typeName)
    {
        var key = item.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                  ?? throw GraphErrors.UnknownProperty(name, typeName);
        return item[key]?.ToString() ?? "";
    }

    private sealed class Comparison(string property, string op, string? value) : ODataFilter
    {
        public override bool Matches(JsonObject item, string typeName)
        {
            var actual = Property(item, property, typeName);
            var equal = value is null ? actual.Length == 0 : string.Equals(actual, value, StringComparison.OrdinalIgnoreCase);
            return op == "eq" ? equal : !equal;
        }
    }

    private sealed class StartsWith(string property, string prefix) : ODataFilter
    {
        public override bool Matches(JsonObject item, string typeName) =>
            Property(item, property, typeName).StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Binary(ODataFilter left, ODataFilter right, bool isAnd) : ODataFilter
    {
        public override bool Matches(JsonObject item, string typeName) =>
            isAnd ? left.Matches(item, typeName) && right.Matches(item, typeName) : left.Matches(item, typeName) || right.Matches(item, typeName);
    }

    private sealed class Not(ODataFilter inner) : ODataFilter
    {
        public override bool Matches(JsonObject item, string typeName) => !inner.Matches(item, typeName);
    }

    private sealed class Parser(List<string> tokens, string text)
    {
        private int _position;

        public ODataFilter ParseOr()
        {
            var left = ParseAnd();
            while (Peek("or")) { _position++; left = new Binary(left, ParseAnd(), isAnd: false); }
            return left;
        }

        public void ExpectEnd()
        {
            if (_position != tokens.Count) throw Unsupported(text);
        }

        private ODataFilter ParseAnd()
        {
            var left = ParseUnary();
            while (Peek("and")) { _position++; left = new Binary(left, ParseUnary(), isAnd: true); }
            return left;
        }

        private ODataFilter ParseUnary()
        {
            if (Peek("not")) { _position++; return new Not(ParseUnary()); }
            if (Peek("("))
            {
                _position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }
            var name = Next();
            if (name.Equals("startswith", StringComparison.OrdinalIgnoreCase))
            {
                Expect("(");
                var property = Identifier(Next());
                Expect(",");
                var prefix = Literal(Next()) ?? throw Unsupported(text);
                Expect(")");
                return new StartsWith(property, prefix);
            }
            var op = Next().ToLowerInvariant();
            if (op is not ("eq" or "ne")) throw Unsupported(text);
            return new Comparison(Identifier(name), op, Literal(Next()));
        }

        private string Identifier(string token) =>
            token.Length > 0 && char.IsLetter(token[0]) && token.All(char.IsLetterOrDigit) ? token : throw Unsupported(text);

        /// <summary>A quoted string, a bare GUID/number/boolean, or null.</summary>
        private string? Literal(string token) => token switch
        {
            "null" => null,
            _ when token.StartsWith('\'') => token[1..],
            _ when token.All(c => char.IsLetterOrDigit(c) || c is '-' or '.') => token,
            _ => throw Unsupported(text),
        };

        private bool Peek(string token) => _position < tokens.Count && tokens[_position].Equals(token, StringComparison.OrdinalIgnoreCase);

        private string Next() => _position < tokens.Count ? tokens[_position++] : throw Unsupported(text);

        private void Expect(string token)
        {
            if (!Peek(token)) throw Unsupported(text);
            _position++;
        }
    }
}
