using System.Text.Json;
using Krr.Grains.Contacts;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;
using Orleans.Storage;

namespace Krr.Hosting.Population;

/// <summary>
/// Loads a generated population without the grains: binary COPY of exactly the <c>krr_grain_state</c> rows the
/// grains would store (resident, person and contact-owner states, System.Text.Json payloads as the storage
/// serializer writes them) and of the read model rows the trigger would derive. The triggers are disabled for
/// the load, in the same transactions, so 5.6 million rows cost one COPY each instead of a trigger call each; the
/// read model's summaries are then recomputed in one grouped pass (<c>krr_population_summaries_rebuild()</c>),
/// which no person write can interleave with, since disabling the trigger locks <c>krr_population</c> against writes.
/// Everything commits together or not at all; an identity already in the database fails the load.
/// </summary>
public static class PopulationBulkLoader
{
    /// <summary>
    /// The grain storage serializer's options (<see cref="SystemTextJsonGrainStorageSerializer"/>, as the silo configures
    /// it: nulls left out). With the default options every null was written out, so a person's first write through its
    /// grain stored a Record that differed as jsonb from the loaded one without any change: a spurious entry in the changes
    /// feed and a read-model upsert for a write of bookkeeping only.
    /// </summary>
    public static JsonSerializerOptions StorageJson { get; } = new SystemTextJsonGrainStorageSerializerOptions().JsonSerializerOptions;

    public static async Task<long> LoadAsync(
        NpgsqlDataSource dataSource, string serviceId, IEnumerable<GeneratedResident> population, Action<long>? progress, CancellationToken ct)
    {
        await using var stateConnection = await dataSource.OpenConnectionAsync(ct);
        await using var modelConnection = await dataSource.OpenConnectionAsync(ct);
        await using var stateTransaction = await stateConnection.BeginTransactionAsync(ct);
        await using var modelTransaction = await modelConnection.BeginTransactionAsync(ct);
        await using (var disable = new NpgsqlCommand("ALTER TABLE krr_grain_state DISABLE TRIGGER trg_krr_population", stateConnection, stateTransaction))
        {
            await disable.ExecuteNonQueryAsync(ct);
        }
        await using (var disable = new NpgsqlCommand("ALTER TABLE krr_population DISABLE TRIGGER trg_krr_population_summary", modelConnection, modelTransaction))
        {
            await disable.ExecuteNonQueryAsync(ct);
        }

        long count = 0;
        var now = DateTimeOffset.UtcNow;
        await using (var states = await stateConnection.BeginBinaryImportAsync(
            "COPY krr_grain_state (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on) FROM STDIN (FORMAT BINARY)", ct))
        await using (var model = await modelConnection.BeginBinaryImportAsync(
            "COPY krr_population (identifier, krr_status, reserved, email_confirmed, mobile_confirmed, language, mailbox_provider, birth_date, municipality, resident_status) FROM STDIN (FORMAT BINARY)", ct))
        {
            // No timeout (zero): completing a COPY waits for the server to catch up with every row sent, which at national
            // scale on a busy machine took longer than the default 30 s and failed a 12-minute load at its last row.
            states.Timeout = TimeSpan.Zero;
            model.Timeout = TimeSpan.Zero;
            async Task WriteStateAsync(string key, string stateName, object state)
            {
                var k = GrainStateKey.ForStringKey(key, stateName);
                await states.StartRowAsync(ct);
                await states.WriteAsync(serviceId, NpgsqlDbType.Varchar, ct);
                await states.WriteAsync(stateName, NpgsqlDbType.Varchar, ct);
                await states.WriteAsync(k.N0, NpgsqlDbType.Bigint, ct);
                await states.WriteAsync(k.N1, NpgsqlDbType.Bigint, ct);
                await states.WriteAsync(k.Extension, NpgsqlDbType.Varchar, ct);
                await states.WriteAsync(k.GrainHash, NpgsqlDbType.Integer, ct);
                await states.WriteAsync(k.StateHash, NpgsqlDbType.Integer, ct);
                await states.WriteAsync(JsonSerializer.Serialize(state, state.GetType(), StorageJson), NpgsqlDbType.Jsonb, ct);
                await states.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await states.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }

            // A shared value's owners are consecutive in the generated stream, so each value is complete when the next one starts.
            var owners = new Dictionary<ContactChannel, (string Normalized, HashSet<string> Owners)?> { [ContactChannel.Email] = null, [ContactChannel.Mobile] = null };
            async Task OwnAsync(ContactChannel channel, string? normalized, string identifier)
            {
                if (normalized is null)
                {
                    return;
                }
                if (owners[channel] is { } current && current.Normalized == normalized)
                {
                    current.Owners.Add(identifier);
                    return;
                }
                await FlushAsync(channel);
                owners[channel] = (normalized, new HashSet<string>(StringComparer.Ordinal) { identifier });
            }
            async Task FlushAsync(ContactChannel channel)
            {
                if (owners[channel] is { } value)
                {
                    await WriteStateAsync(ContactKey.For(channel, value.Normalized), "contactOwners", new ContactOwnersState { Owners = [.. value.Owners] });
                }
            }

            foreach (var (resident, person) in population)
            {
                await WriteStateAsync(ResidentKey.For(resident.Identifier), "resident", new ResidentState { Record = resident });
                if (person is not null)
                {
                    await WriteStateAsync(PersonKey.For(person.Identifier), PersonState.StateName, new PersonState { Record = person });
                    await OwnAsync(ContactChannel.Email, person.Email?.Normalized, person.Identifier);
                    await OwnAsync(ContactChannel.Mobile, person.Mobile?.Normalized, person.Identifier);
                }
                await model.StartRowAsync(ct);
                await model.WriteAsync(resident.Identifier, NpgsqlDbType.Char, ct);
                await WriteNullableAsync(model, person is null ? null : (short?)person.Status, NpgsqlDbType.Smallint, ct);
                await model.WriteAsync(person?.Reserved ?? false, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(model, LastConfirmed(person?.Email), NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(model, LastConfirmed(person?.Mobile), NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(model, person?.Language, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(model, person?.Mailbox?.ProviderOrg, NpgsqlDbType.Char, ct);
                await model.WriteAsync(resident.BirthDate, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(model, resident.Municipality, NpgsqlDbType.Char, ct);
                await model.WriteAsync((short)resident.Status, NpgsqlDbType.Smallint, ct);
                if (++count % 100_000 == 0)
                {
                    progress?.Invoke(count);
                }
            }
            await FlushAsync(ContactChannel.Email);
            await FlushAsync(ContactChannel.Mobile);
            await states.CompleteAsync(ct);
            await model.CompleteAsync(ct);
        }
        await using (var enable = new NpgsqlCommand("ALTER TABLE krr_grain_state ENABLE TRIGGER trg_krr_population", stateConnection, stateTransaction))
        {
            await enable.ExecuteNonQueryAsync(ct);
        }
        await using (var summaries = new NpgsqlCommand(
            "ALTER TABLE krr_population ENABLE TRIGGER trg_krr_population_summary; SELECT krr_population_summaries_rebuild()", modelConnection, modelTransaction))
        {
            summaries.CommandTimeout = 0;
            await summaries.ExecuteNonQueryAsync(ct);
        }
        // Grain state first: should the second commit fail, rebuild-read-models repairs the read model from it.
        await stateTransaction.CommitAsync(ct);
        await modelTransaction.CommitAsync(ct);
        progress?.Invoke(count);
        return count;
    }

    private static DateTimeOffset? LastConfirmed(ContactChannelRecord? channel) =>
        channel is null ? null : ContactFreshness.LastConfirmed(channel.Updated, channel.LastVerified, channel.LastValidated);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);
}
