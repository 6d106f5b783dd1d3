using System.Text;

namespace Krr.Hosting.Population;

/// <summary>
/// The key columns the Orleans ADO.NET storage provider writes for a grain with a string key and a state name
/// (orleans-postgres.md §1.3.2): a non-hex, non-GUID string key is stored whole in <c>grain_ext</c> with
/// N0 = N1 = 0; <c>grain_hash</c> is the stable hash of the key's UTF-8 bytes reversed (the provider reverses
/// key bytes on little-endian machines), <c>state_hash</c> that of the state name's UTF-8 bytes. A test compares
/// these with the rows the provider itself writes.
/// </summary>
public sealed record GrainStateKey(long N0, long N1, string Extension, int GrainHash, int StateHash)
{
    public static GrainStateKey ForStringKey(string key, string stateName) =>
        new(0, 0, key, Hash(Reversed(Encoding.UTF8.GetBytes(key))), Hash(Encoding.UTF8.GetBytes(stateName)));

    private static byte[] Reversed(byte[] bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }
        return bytes;
    }

    private static int Hash(byte[] bytes) => unchecked((int)StableHash.ComputeHash(bytes));
}
