using System.Text.Json;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;

namespace Krr.Api.Lookup;

/// <summary>
/// One person's record as this API process received it, with its version, and the answer bytes made from it per view
/// (v1/v2 × contact block × mailbox block) the first time it is answered in that view. Immutable but for those
/// bytes, which only ever depend on the record, the view and the interval of <see cref="PreparedView.HoldsFor"/>.
/// </summary>
internal sealed class PreparedPerson(VersionedRecord published)
{
    /// <summary>Where the certificate goes: the serialiser writes it here for a placeholder, which is cut out.</summary>
    private static ReadOnlySpan<byte> CertificatePlaceholder => ",\"sertifikat\":\"\""u8;

    private static readonly IReadOnlyDictionary<string, string> NoCertificates = new Dictionary<string, string>();

    private readonly PreparedView?[] _views = new PreparedView?[8];

    public VersionedRecord Published => published;

    public PersonRecord? Record => published.Record;

    /// <summary>The answer in <paramref name="view"/> at <paramref name="now"/>; only for a registered (non-null) record.</summary>
    public PreparedView For(string identifier, LookupView view, DateTimeOffset now)
    {
        var slot = (view.Version == LookupVersion.V2 ? 4 : 0) | (view.Contact ? 2 : 0) | (view.Mailbox ? 1 : 0);
        if (Volatile.Read(ref _views[slot]) is { } prepared && prepared.HoldsFor(identifier, now))
        {
            return prepared;
        }
        // Two lookups may prepare the same view at once; both results are the same bytes.
        prepared = Prepare(identifier, published.Record!, view, now);
        Volatile.Write(ref _views[slot], prepared);
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
