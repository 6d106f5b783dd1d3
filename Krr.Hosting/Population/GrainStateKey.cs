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
        new(0, 0, key, Hash(key, reversed: BitConverter.IsLittleEndian), Hash(stateName, reversed: false));

    /// <summary>Encoded on the stack for the short keys and names of the register: every state read and write hashes both.</summary>
    private static int Hash(string text, bool reversed)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        bytes = bytes[..Encoding.UTF8.GetBytes(text, bytes)];
        if (reversed)
        {
            bytes.Reverse();
        }
        return unchecked((int)StableHash.ComputeHash(bytes));
    }
}
