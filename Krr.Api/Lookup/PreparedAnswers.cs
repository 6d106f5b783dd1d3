using System.Runtime.CompilerServices;
using System.Text.Json;
using Krr.Grains.Persons;

namespace Krr.Api.Lookup;

/// <summary>
/// The answer bytes of each stored record, per view, made by <see cref="PersonProjection"/> and the wire serialiser the
/// first time a record is looked up in that view. Keyed by the record instance: a record is immutable and a person grain
/// publishes a new instance with every stored change, so a change can never be answered with older bytes, and the
/// bytes go with the record when the garbage collector takes it.
/// </summary>
internal static class PreparedAnswers
{
    /// <summary>Where the certificate goes: the serialiser writes it here for a placeholder, which is cut out.</summary>
    private static ReadOnlySpan<byte> CertificatePlaceholder => ",\"sertifikat\":\"\""u8;

    private static readonly IReadOnlyDictionary<string, string> NoCertificates = new Dictionary<string, string>();

    private static readonly ConditionalWeakTable<PersonRecord, PreparedView?[]> Prepared = new();

    public static PreparedView For(string identifier, PersonRecord record, LookupView view, DateTimeOffset now)
    {
        var views = Prepared.GetValue(record, static _ => new PreparedView?[8]);
        var slot = (view.Version == LookupVersion.V2 ? 4 : 0) | (view.Contact ? 2 : 0) | (view.Mailbox ? 1 : 0);
        if (Volatile.Read(ref views[slot]) is { } prepared && prepared.HoldsFor(identifier, now))
        {
            return prepared;
        }
        // Two lookups may prepare the same view at once; both results are the same bytes.
        prepared = Prepare(identifier, record, view, now);
        Volatile.Write(ref views[slot], prepared);
        return prepared;
    }

    private static PreparedView Prepare(string identifier, PersonRecord record, LookupView view, DateTimeOffset now)
    {
        var response = PersonProjection.Project(identifier, record, view, now, NoCertificates);
        var provider = response.DigitalPost?.Postkasseleverandoeradresse;
        var json = JsonSerializer.SerializeToUtf8Bytes(
            provider is null ? response : response with { Sertifikat = "" }, LookupJsonContext.Wire.PersonResponse);
        byte[] head = json, tail = [];
        if (provider is not null)
        {
            // Found only as structure: a quote inside a string value is always escaped.
            var at = json.AsSpan().IndexOf(CertificatePlaceholder);
            head = json[..at];
            tail = json[(at + CertificatePlaceholder.Length)..];
        }
        var (from, until) = view.Contact ? Validity(record, now) : (DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        return new PreparedView(identifier, head, provider, tail, from, until);
    }

    /// <summary><c>varslingsstatus</c> flips once, at <see cref="PersonNotification.NotifiableUntil"/>; the clock may be set back.</summary>
    private static (DateTimeOffset From, DateTimeOffset Until) Validity(PersonRecord record, DateTimeOffset now) =>
        PersonNotification.NotifiableUntil(record) switch
        {
            null => (DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
            { } until when now < until => (DateTimeOffset.MinValue, until),
            { } until => (until, DateTimeOffset.MaxValue),
        };
}
