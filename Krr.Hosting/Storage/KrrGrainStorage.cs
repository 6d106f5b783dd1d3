using System.Globalization;
using Krr.Hosting.Population;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Krr.Hosting.Storage;

/// <summary>
/// The register's grain storage (<see cref="Krr.Grains.KrrStorage.Name"/> and the default provider): Orleans' ADO.NET
/// storage, whose reads of string-keyed grains go through <see cref="GrainStateReadBatcher"/> so that many activations
/// at once cost a few queries. A read answers exactly what the ADO.NET reader would: the payload deserialised by the
/// provider's own serializer (a new instance when there is no row or a tombstone), the row's version as ETag, and whether
/// a payload exists. Writes and clears are the provider's.
/// </summary>
public sealed class KrrGrainStorage(AdoNetGrainStorage inner, GrainStateReadBatcher reads, IActivatorProvider activators) : IGrainStorage
{
    /// <summary>The name the wrapped ADO.NET provider is registered under.</summary>
    public const string AdoNetName = "krr-adonet";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Guid and integer keys (and string keys that parse as either, orleans-postgres.md §1.4) have other key columns,
        // and generic state names a rewritten type name: those few reads stay the provider's own.
        if (grainId.TryGetGuidKey(out _, out _) || grainId.TryGetIntegerKey(out _, out _) || stateName.Contains('`', StringComparison.Ordinal))
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

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
