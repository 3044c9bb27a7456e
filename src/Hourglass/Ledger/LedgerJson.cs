using System.Text.Json.Serialization;

namespace Hourglass.Ledger;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class LedgerJson : JsonSerializerContext;
