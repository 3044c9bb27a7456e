using System.Text;
using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// Reads the SQL pg_dump writes token by token, so that a statement that names a relation is matched by its shape
/// rather than by searching its text: a double-quoted name may hold any word (<c>"on"</c>, <c>"x REFERENCES y"</c>)
/// and a string literal any text, while only a bare word can be a keyword. Comments, an entry's header among them,
/// are skipped. It reads forward and never throws on SQL it does not understand: a read that does not match leaves
/// the position where it was and answers false or null.
/// </summary>
internal sealed class SqlScanner(string text)
{
    private int _position;

    /// <summary>True once every token was read.</summary>
    public bool AtEnd => Peek().Kind == TokenKind.End;

    /// <summary>Reads <paramref name="word"/> if the next token is that bare word (any case), as a keyword.</summary>
    public bool Word(string word)
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word || !text.AsSpan(token.Start, token.End - token.Start).Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _position = token.End;
        return true;
    }

    /// <summary>Reads <paramref name="words"/> if they come next, in order; otherwise reads nothing.</summary>
    public bool Words(params ReadOnlySpan<string> words)
    {
        var start = _position;
        foreach (var word in words)
        {
            if (!Word(word))
            {
                _position = start;
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads <paramref name="symbol"/> if it comes next.</summary>
    public bool Symbol(char symbol)
    {
        var token = Peek();
        if (token.Kind != TokenKind.Symbol || text[token.Start] != symbol)
        {
            return false;
        }

        _position = token.End;
        return true;
    }

    /// <summary>Reads one name part: a bare word, its ASCII letters folded to lower case as PostgreSQL folds them, or a double-quoted name.</summary>
    public string? Identifier()
    {
        var token = Peek();
        string? name = token.Kind switch
        {
            TokenKind.Word => FoldAscii(text.AsSpan(token.Start, token.End - token.Start)),
            TokenKind.QuotedName => Unquote(token, '"'),
            _ => null,
        };
        if (name is { Length: > 0 })
        {
            _position = token.End;
            return name;
        }

        return null;
    }

    /// <summary>Reads a schema-qualified name, <c>schema.name</c>; null (and nothing read) when one does not come next.</summary>
    public QualifiedName? Name()
    {
        var start = _position;
        if (Identifier() is { } schema && Symbol('.') && Identifier() is { } name)
        {
            return new QualifiedName(schema, name);
        }

        _position = start;
        return null;
    }

    /// <summary>Reads a column's full name, <c>schema.table.column</c>, and gives its table.</summary>
    public QualifiedName? ColumnTable()
    {
        var start = _position;
        if (Name() is { } table && Symbol('.') && Identifier() is not null)
        {
            return table;
        }

        _position = start;
        return null;
    }

    /// <summary>Reads a string literal (<c>'…'</c>, <c>E'…'</c> or dollar-quoted) and gives its value.</summary>
    public string? Literal()
    {
        var token = Peek();
        if (token.Kind != TokenKind.String)
        {
            return null;
        }

        _position = token.End;
        return text[token.Start] switch
        {
            '$' => text[(text.IndexOf('$', token.Start + 1) + 1)..text.LastIndexOf('$', token.End - 2)],
            '\'' => Unquote(token, '\''),
            _ => Unescape(text.AsSpan(token.Start + 2, token.End - token.Start - 3)),
        };
    }

    /// <summary>True when <paramref name="symbol"/> comes next with nothing before it, as the parenthesis of a function call follows its name.</summary>
    public bool Touches(char symbol) => _position < text.Length && text[_position] == symbol;

    /// <summary>Reads past the next token, whatever it is.</summary>
    public void Skip() => _position = Peek().End;

    /// <summary>
    /// Reads up to and past the bare word <paramref name="word"/> outside parentheses, within the statement; false
    /// (having read to the statement's end) when the statement has none.
    /// </summary>
    public bool SkipTo(string word) => Seek(word);

    /// <summary>Reads past the end of the current statement (its <c>;</c> outside parentheses); false when no statement follows.</summary>
    public bool NextStatement()
    {
        Seek(null);
        return Symbol(';') && !AtEnd;
    }

    /// <summary>Reads up to the statement's end, or past <paramref name="word"/> outside parentheses when it comes first.</summary>
    private bool Seek(string? word)
    {
        var depth = 0;
        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.End)
            {
                return false;
            }

            if (token.Kind == TokenKind.Symbol)
            {
                var symbol = text[token.Start];
                if (symbol == ';' && depth == 0)
                {
                    return false;
                }

                depth += symbol == '(' ? 1 : symbol == ')' && depth > 0 ? -1 : 0;
            }
            else if (word is not null && depth == 0 && Word(word))
            {
                return true;
            }

            _position = token.End;
        }
    }

    private static string FoldAscii(ReadOnlySpan<char> word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            folded.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
        }

        return folded.ToString();
    }

    private string Unquote(Token token, char quote) =>
        text[(token.Start + 1)..(token.End - 1)].Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);

    /// <summary>The value of an <c>E'…'</c> string's body: backslash escapes and doubled quotes resolved (enough for names).</summary>
    private static string Unescape(ReadOnlySpan<char> body)
    {
        var value = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if ((body[i] == '\\' || body[i] == '\'') && i + 1 < body.Length)
            {
                i++;
            }

            value.Append(body[i]);
        }

        return value.ToString();
    }

    /// <summary>The token at the position, after whitespace and comments.</summary>
    private Token Peek()
    {
        var at = SkipSpace(_position);
        if (at >= text.Length)
        {
            return new Token(TokenKind.End, text.Length, text.Length);
        }

        var c = text[at];
        if ((c is 'E' or 'e') && at + 1 < text.Length && text[at + 1] == '\'')
        {
            return Quoted(TokenKind.String, at, at + 1, '\'', backslashes: true);
        }

        if (IsWordChar(c) && c != '$')
        {
            var end = at;
            while (end < text.Length && IsWordChar(text[end]))
            {
                end++;
            }

            return new Token(TokenKind.Word, at, end);
        }

        return c switch
        {
            '"' => Quoted(TokenKind.QuotedName, at, at, '"', backslashes: false),
            '\'' => Quoted(TokenKind.String, at, at, '\'', backslashes: false),
            '$' when DollarQuoted(at) is { } end => new Token(TokenKind.String, at, end),
            _ => new Token(TokenKind.Symbol, at, at + 1),
        };
    }

    /// <summary>A quoted token from <paramref name="start"/>, its quotes beginning at <paramref name="open"/>; an unclosed one runs to the end.</summary>
    private Token Quoted(TokenKind kind, int start, int open, char quote, bool backslashes)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (backslashes && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return new Token(kind, start, i + 1);
            }
        }

        return new Token(TokenKind.Symbol, start, text.Length);
    }

    /// <summary>The end of a <c>$tag$…$tag$</c> string starting at <paramref name="start"/>, or null when none starts (or ends) there.</summary>
    private int? DollarQuoted(int start)
    {
        var tagEnd = start + 1;
        while (tagEnd < text.Length && text[tagEnd] != '$' && (char.IsAsciiLetter(text[tagEnd]) || text[tagEnd] == '_' || (tagEnd > start + 1 && char.IsAsciiDigit(text[tagEnd]))))
        {
            tagEnd++;
        }

        if (tagEnd >= text.Length || text[tagEnd] != '$')
        {
            return null;
        }

        var tag = text.AsSpan(start, tagEnd - start + 1);
        var close = text.AsSpan(tagEnd + 1).IndexOf(tag, StringComparison.Ordinal);
        return close < 0 ? null : tagEnd + 1 + close + tag.Length;
    }

    private int SkipSpace(int at)
    {
        while (at < text.Length)
        {
            if (char.IsWhiteSpace(text[at]))
            {
                at++;
            }
            else if (text.AsSpan(at).StartsWith("--", StringComparison.Ordinal))
            {
                var newline = text.IndexOf('\n', at);
                at = newline < 0 ? text.Length : newline + 1;
            }
            else if (text.AsSpan(at).StartsWith("/*", StringComparison.Ordinal))
            {
                at = SkipBlockComment(at);
            }
            else
            {
                break;
            }
        }

        return at;
    }

    /// <summary>Past a block comment, which nests in PostgreSQL.</summary>
    private int SkipBlockComment(int at)
    {
        var depth = 0;
        while (at < text.Length)
        {
            if (text.AsSpan(at).StartsWith("/*", StringComparison.Ordinal))
            {
                depth++;
                at += 2;
            }
            else if (text.AsSpan(at).StartsWith("*/", StringComparison.Ordinal))
            {
                at += 2;
                if (--depth == 0)
                {
                    return at;
                }
            }
            else
            {
                at++;
            }
        }

        return at;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > 127;

    private enum TokenKind
    {
        Word,
        QuotedName,
        String,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, int Start, int End);
}
