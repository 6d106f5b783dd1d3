using System.Globalization;
using Krr.Grains.Domain;
using Krr.Hosting.Population;
using Orleans.Storage;

namespace Krr.Hosting.Storage;

/// <summary>
/// The <c>krr</c> grain storage (and the default): Orleans' ADO.NET provider, with state writes of string-keyed grains
/// coalesced across grains into one statement and commit (<see cref="CoalescedStateWrites"/>). Reads, clears and
/// writes it does not coalesce go to the ADO.NET provider itself, on the same table with the same serializer, so
/// either can read what the other wrote. ETags keep the provider's meaning: the stored version, a conflict raising
/// <see cref="InconsistentStateException"/> for that grain alone.
/// </summary>
public sealed class KrrGrainStorage(
    IGrainStorage adoNet, CoalescedStateWrites? writes, IGrainStorageSerializer serializer, string providerName, string serviceId)
    : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        adoNet.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        adoNet.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (writes is null || !IsPlainStringKey(grainId) || stateName.Contains('`', StringComparison.Ordinal))
        {
            // Integer and GUID keys and generic state names have key columns of their own (the provider's AdoGrainKey).
            await adoNet.WriteStateAsync(stateName, grainId, grainState);
            return;
        }
        var key = grainId.Key.ToString()!;
        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var version = await writes.WriteAsync(
            GrainStateKey.ForStringKey(key, stateName), stateName, serializer.Serialize(grainState.State).ToArray(), expected);
        if (version is null)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={serviceId} ProviderName={providerName} GrainType={stateName} GrainId={PersonalDataMask.Scrub(key)} ETag={grainState.ETag}.");
        }
        grainState.ETag = version.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    private static bool IsPlainStringKey(GrainId grainId) =>
        !grainId.TryGetGuidKey(out _, out _) && !grainId.TryGetIntegerKey(out _, out _);
}
