using System.Text;

namespace Hourglass.Backups;

/// <summary>
/// A database's dump file name: the database name as is (<c>Mixed Case.sql.zst</c>), except the few characters a
/// file name cannot hold or that would hide it, written as %XX. A database called <c>globals</c> gets
/// <c>%67lobals</c> so it never collides with the set's globals file.
/// </summary>
internal static class DumpFileName
{
    /// <summary>The base name of the roles-and-tablespaces dump.</summary>
    public const string Globals = "globals";

    public static string For(string database, CompressionCodec codec)
    {
        var name = new StringBuilder(database.Length + codec.FileExtension.Length);
        for (var i = 0; i < database.Length; i++)
        {
            var c = database[i];
            if (c is '/' or '\\' or '%' || char.IsControl(c) || (i == 0 && c == '.'))
            {
                name.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                name.Append(c);
            }
        }

        if (database == Globals)
        {
            name.Replace("g", "%67", 0, 1);
        }

        return name.Append(codec.FileExtension).ToString();
    }

    public static string ForGlobals(CompressionCodec codec) => Globals + codec.FileExtension;
}
