using System.Text;

namespace Hourglass.Postgres;

/// <summary>
/// Quoting for the two places a database name meets text: libpq connection strings and SQL identifiers.
/// Passing <c>dbname='…'</c> rather than the bare name keeps a name containing <c>=</c> or a URI from being read as connection options.
/// </summary>
internal static class ConnInfo
{
    /// <summary><c>dbname='…'</c> with libpq's escaping of backslash and quote.</summary>
    public static string DbName(string database)
    {
        var escaped = new StringBuilder(database.Length + 10).Append("dbname='");
        foreach (var c in database)
        {
            if (c is '\\' or '\'')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('\'').ToString();
    }

    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
