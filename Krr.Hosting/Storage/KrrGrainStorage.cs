using System.Globalization;
using System.Runtime.InteropServices;
using Krr.Grains.Domain;
using Krr.Hosting.Population;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Krr.Hosting.Storage;

/// <summary>
/// The register's grain storage (<see cref="Krr.Grains.KrrStorage.Name"/> and the default provider): Orleans' ADO.NET
/// storage, whose reads and writes of string-keyed grains are coalesced across grains into batched statements, so that
/// many activations or writes at once cost a few round trips and commits (<see cref="GrainStateReadBatcher"/>,
/// <see cref="CoalescedStateWrites"/>). Everything else goes to the ADO.NET provider itself, on the same table with the
/// same serializer, so either can read what the other wrote. A read answers exactly what the ADO.NET reader would: the
/// payload deserialised by the provider's serializer (a new instance when there is no row or a tombstone), the row's
/// version as ETag, and whether a payload exists. ETags keep the provider's meaning: the stored version, a conflict
/// raising <see cref="InconsistentStateException"/> for that grain alone.
/// </summary>
public sealed class KrrGrainStorage(
    AdoNetGrainStorage inner, GrainStateReadBatcher reads, CoalescedStateWrites? writes, IActivatorProvider activators, string serviceId)
    : IGrainStorage
{
    /// <summary>The name the wrapped ADO.NET provider is registered under.</summary>
    public const string AdoNetName = "krr-adonet";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!IsPlainStringKey(grainId, stateName))
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
            return;
        }
        var row = await reads.ReadAsync(stateName, GrainStateKey.ForStringKey(grainId.Key.ToString(), stateName));
        var state = row?.Payload is { } payload ? inner.Serializer.Deserialize<T>(new BinaryData(payload)) : default;
        grainState.State = state ?? activators.GetActivator<T>().Create();
        grainState.ETag = row?.Version.ToString(CultureInfo.InvariantCulture);
        // A tombstone (a cleared state's row, payload NULL) keeps its version but is no record, as in the provider's reader.
        grainState.RecordExists = row?.Payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (writes is null || !IsPlainStringKey(grainId, stateName))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }
        var key = grainId.Key.ToString()!;
        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var version = await writes.WriteAsync(
            GrainStateKey.ForStringKey(key, stateName), stateName, Bytes(inner.Serializer.Serialize(grainState.State)), expected);
        if (version is null)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={serviceId} ProviderName={Krr.Grains.KrrStorage.Name} GrainType={stateName} GrainId={PersonalDataMask.Scrub(key)} ETag={grainState.ETag}.");
        }
        grainState.ETag = version.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>
    /// The serializer's own array when the payload is all of it (System.Text.Json's is), so a state write does not copy
    /// its payload once more; the <see cref="BinaryData"/> is not used after this.
    /// </summary>
    private static byte[] Bytes(BinaryData payload) =>
        MemoryMarshal.TryGetArray(payload.ToMemory(), out var bytes) && bytes.Offset == 0 && bytes.Count == bytes.Array!.Length
            ? bytes.Array
            : payload.ToArray();

    /// <summary>
    /// Guid and integer keys (and string keys that parse as either, orleans-postgres.md §1.4) have other key columns, and
    /// generic state names a rewritten type name: those few stay the provider's own.
    /// </summary>
    private static bool IsPlainStringKey(GrainId grainId, string stateName) =>
        !grainId.TryGetGuidKey(out _, out _) && !grainId.TryGetIntegerKey(out _, out _) && !stateName.Contains('`', StringComparison.Ordinal);
}
