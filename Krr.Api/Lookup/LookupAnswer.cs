using System.Buffers;
using System.Text.Json;

namespace Krr.Api.Lookup;

/// <summary>
/// A lookup's JSON answer as a sequence of prepared byte fragments (<see cref="PreparedPerson"/>), written to the
/// response as they are: per lookup only the provider certificates and the persons never registered are serialised.
/// The bytes are those of <see cref="LookupResponse"/> serialised with <see cref="LookupJsonContext.Wire"/>.
/// </summary>
public sealed class LookupAnswer : IResult
{
    private const int FlushEvery = 256 * 1024;
    private static readonly byte[] Open = "{\"personer\":["u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] Close = "]}"u8.ToArray();
    private static readonly byte[] CertificateName = ",\"sertifikat\":"u8.ToArray();

    private readonly List<byte[]> _segments;

    private LookupAnswer(List<byte[]> segments)
    {
        _segments = segments;
        Length = segments.Sum(s => s.Length);
    }

    public int Length { get; }

    internal static LookupAnswer Create(
        IReadOnlyList<string> identifiers, IReadOnlyList<PreparedPerson> persons, LookupView view, DateTimeOffset now,
        IReadOnlyDictionary<string, string> certificates)
    {
        var segments = new List<byte[]>(identifiers.Count * 4 + 2) { Open };
        var certificateFragments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < identifiers.Count; i++)
        {
            if (i > 0)
            {
                segments.Add(Comma);
            }
            if (persons[i].Record is null)
            {
                segments.Add(JsonSerializer.SerializeToUtf8Bytes(
                    PersonProjection.Project(identifiers[i], null, view, now, certificates), LookupJsonContext.Wire.PersonResponse));
                continue;
            }
            var prepared = persons[i].For(identifiers[i], view, now);
            segments.Add(prepared.Head);
            if (prepared.Provider is { } provider && certificates.TryGetValue(provider, out var certificate))
            {
                if (!certificateFragments.TryGetValue(provider, out var fragment))
                {
                    fragment = [.. CertificateName, .. JsonSerializer.SerializeToUtf8Bytes(certificate, LookupJsonContext.Wire.String)];
                    certificateFragments[provider] = fragment;
                }
                segments.Add(fragment);
            }
            if (prepared.Tail.Length > 0)
            {
                segments.Add(prepared.Tail);
            }
        }
        segments.Add(Close);
        return new LookupAnswer(segments);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        var at = 0;
        foreach (var segment in _segments)
        {
            segment.CopyTo(bytes, at);
            at += segment.Length;
        }
        return bytes;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = Length;
        var body = response.BodyWriter;
        var unflushed = 0;
        foreach (var segment in _segments)
        {
            body.Write(segment);
            unflushed += segment.Length;
            if (unflushed >= FlushEvery)
            {
                await body.FlushAsync(httpContext.RequestAborted);
                unflushed = 0;
            }
        }
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
