using System.Net.Http.Headers;
using System.Text;
using Krr.Grains.Domain;

namespace Krr.Tests.Reliability;

/// <summary>
/// Generates requests that no correct client sends, from a seeded <see cref="Random"/> (so a failure names a seed
/// that reproduces it): malformed and deeply nested JSON, bodies above the size limit, wrong types, unicode edge
/// cases, 10,000 identifiers, identifiers with broken checksums, and abused headers. Every body is invalid for every
/// endpoint, so none of them may change anything.
/// </summary>
public sealed class HostileRequests(int seed)
{
    /// <summary>Field names the API reads, so wrong values reach the validation rather than being ignored.</summary>
    private static readonly string[] Fields =
    [
        "personidentifikatorer", "personidentifikator", "personer", "spraak", "mobiltelefonnummer", "epostadresse", "mobil",
        "epost", "kode", "reservasjon", "digitalpost", "fraEndringsId", "leverandoer", "scopes", "hendelser", "adresse",
        "postkasseadresse", "postkasseleverandoeradresse", "sertifikat", "x509Sertifikat", "foedselsdato", "kommunenummer",
        "status", "digital_post", "sekvensnummer", "type", "nyttPersonidentifikator", "verdi",
    ];

    /// <summary>Strings valid for no field: control characters, lone surrogates, bidi overrides, combining marks, and more.</summary>
    private static readonly string[] EdgeStrings =
    [
        "\\u0000", "abc\\u0000def", "\\ud800", "\\udfff", "x\\ud83d", "\\u202e98765432101", "\\u200f+4791234567\\u200e",
        "e\\u0301\\u0301\\u0301\\u0301@test.no", "Z\\u0351\\u0352\\u0353\\u0354\\u0355", "\\ufeff01019012345", "\\uffff\\ufffe",
        "ｐｅｒ＠ｔｅｓｔ．ｎｏ", "\\u0661\\u0662\\u0663\\u0664\\u0665\\u0666\\u0667\\u0668\\u0669\\u0660\\u0661", "'; DROP TABLE krr_grain_state; --",
        "<script>alert(1)</script>", "../../../../etc/passwd", "%00%0d%0a", "\\r\\nX-Injected: 1", "nb\\u0000", "𝕟𝕓",
        "\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00", "+47 9\\u00001234567", "a@b@c", "@", "+", "99999999999999999999999999",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=utf-7", "application/json; charset=nonsense", "*/*", ";;;",
        "application/problem+json", "application/jose", "application/x-www-form-urlencoded; charset=utf-7",
    ];

    private static readonly string[] Accepts =
    [
        "application/json", "application/jose", "application/xml", "text/html", "*/*", "application/json;q=0", "image/png, */*;q=0",
        "application/json; version=99", ",,,,", "application/jose;q=0.5, application/json;q=0.6",
    ];

    private readonly Random _random = new(seed);

    public HttpRequestMessage Create(string method, Func<Func<string>, string> pathWith, string? token)
    {
        var path = pathWith(RouteValue);
        if (_random.Next(4) == 0)
        {
            path += "?" + string.Join('&', Enumerable.Range(0, _random.Next(1, 6)).Select(_ => $"{Pick(["etter", "antall", "maaned", "x", "fra"])}={RouteValue()}"));
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        var body = Body();
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", Pick(ContentTypes));
        }
        if (token is not null)
        {
            request.Headers.Authorization = _random.Next(20) == 0
                ? new AuthenticationHeaderValue(Pick(["Bearer", "Basic", "bearer"]), Pick([token + "x", token[..(token.Length / 2)], new string('A', 4000), "e30.e30.", "null"]))
                : new AuthenticationHeaderValue("Bearer", token);
        }
        request.Headers.TryAddWithoutValidation("Accept", _random.Next(10) == 0 ? new string('a', _random.Next(1000, 40_000)) : Pick(Accepts));
        switch (_random.Next(12))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("X-Padding", new string('x', _random.Next(8_000, 64_000)));
                break;
            case 1:
                for (var i = 0; i < _random.Next(50, 150); i++)
                {
                    request.Headers.TryAddWithoutValidation($"X-Many-{i}", "1");
                }
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Accept-Language", Pick(["xx-YY", "nb;q=abc", new string('n', 5000), "*;q=0", ",,;"]));
                break;
            case 3:
                request.Headers.TryAddWithoutValidation("Content-Encoding", Pick(["gzip", "br", "identity, gzip", "nonsense"]));
                break;
        }
        return request;
    }

    /// <summary>Bodies of megabytes are rare: each costs the time of sending it, and one in a few hundred shows the limit holds.</summary>
    private byte[]? Body() => _random.Next(200) switch
    {
        < 15 => null,
        < 35 => Malformed(),
        < 50 => Bytes(Deep()),
        < 51 => Huge(),
        < 85 => Bytes(WrongTypes()),
        < 125 => Bytes(EdgeValues()),
        < 135 => Bytes(ManyIdentifiers(10_000)),
        < 160 => Bytes(BadChecksums()),
        < 170 => InvalidUtf8(),
        < 190 => Bytes(RandomJson(0)),
        _ => Bytes(Pick(["", " ", "null", "[]", "\"\"", "0", "-1", "1e309", "true", "{}}", "[{}]"])),
    };

    private byte[] Malformed()
    {
        var valid = Encoding.UTF8.GetBytes(WrongTypes());
        return _random.Next(4) switch
        {
            0 => valid[..Math.Max(1, _random.Next(valid.Length))],
            1 => [.. valid, .. Encoding.UTF8.GetBytes(Pick(["}", ",", "garbage", "\0", "{\"a\":1}"]))],
            2 => Encoding.UTF8.GetBytes(Pick(["{'personidentifikatorer': ['1']}", "{personidentifikatorer:[]}", "{\"a\":}", "{\"a\" 1}", "[1,,2]", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"\\x41\"}", "/* */{}", "{\"a\":\"unterminated"])),
            _ => [0xEF, 0xBB, 0xBF, .. valid.Reverse()],
        };
    }

    private string Deep()
    {
        var depth = _random.Next(65, 20_000);
        var open = Pick(["[", "{\"personer\":", "{\"a\":["]);
        var close = open switch { "[" => "]", "{\"personer\":" => "}", _ => "]}" };
        var builder = new StringBuilder(depth * (open.Length + close.Length));
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }
        builder.Append('1');
        if (_random.Next(2) == 0)
        {
            for (var i = 0; i < depth; i++)
            {
                builder.Append(close);
            }
        }
        return builder.ToString();
    }

    /// <summary>Above the 1 MiB limit (most endpoints) or the 16 MiB one (Folkeregisteret batches), rarely, since each costs time.</summary>
    private byte[] Huge()
    {
        var size = _random.Next(10) == 0 ? 17 * 1024 * 1024 : _random.Next(1024 * 1024 + 1, 3 * 1024 * 1024);
        var body = new byte[size];
        var prefix = Encoding.UTF8.GetBytes("{\"personidentifikatorer\":[\"");
        prefix.CopyTo(body, 0);
        Array.Fill(body, (byte)'1', prefix.Length, size - prefix.Length);
        return body;
    }

    private string WrongTypes() =>
        "{" + string.Join(',', Fields.OrderBy(_ => _random.Next()).Take(_random.Next(1, 6)).Select(f => $"\"{f}\":{WrongValue()}")) + "}";

    private string WrongValue() => _random.Next(7) switch
    {
        0 => "{\"x\":[1,2,{}]}",
        1 => "[[[]]]",
        2 => "[{\"personidentifikator\":{},\"spraak\":[]}]",
        3 => "-0.5e400",
        4 => "[\"" + EdgeString() + "\"," + _random.Next() + "]",
        5 => "{\"" + EdgeString() + "\":\"" + EdgeString() + "\"}",
        _ => "[null,{}]",
    };

    private string EdgeValues() =>
        "{" + string.Join(',', Fields.OrderBy(_ => _random.Next()).Take(_random.Next(1, 6)).Select(f => $"\"{f}\":{EdgeValue()}")) + "}";

    private string EdgeValue() => _random.Next(3) switch
    {
        0 => "\"" + EdgeString() + "\"",
        1 => "[\"" + EdgeString() + "\",\"" + EdgeString() + "\"]",
        _ => "[{\"personidentifikator\":\"" + EdgeString() + "\",\"spraak\":\"" + EdgeString() + "\"}]",
    };

    private string EdgeString() => _random.Next(3) == 0
        ? string.Concat(Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(EdgeStrings)))
        : Pick(EdgeStrings) + new string('\u0301', _random.Next(0, 3)).Replace("\u0301", "\\u0301");

    /// <summary>Syntactically valid identifiers (11 digits, real birth dates) whose checksum is wrong, so none is anybody's.</summary>
    private string BadChecksums()
    {
        var ids = Enumerable.Range(0, _random.Next(1, 1001)).Select(_ => BadChecksum()).ToList();
        return _random.Next(2) == 0
            ? "{\"personidentifikatorer\":[" + string.Join(',', ids.Select(i => $"\"{i}\"")) + "]}"
            : "{\"personer\":[" + string.Join(',', ids.Select(i => $"{{\"personidentifikator\":\"{i}\",\"spraak\":\"nb\"}}")) + "]," +
              "\"personidentifikator\":\"" + ids[0] + "\"}";
    }

    private string BadChecksum()
    {
        while (true)
        {
            var digits = $"{_random.Next(1, 29):D2}{_random.Next(1, 13):D2}{_random.Next(0, 100):D2}{_random.Next(0, 100_000):D5}";
            if (!PersonIdentifier.TryParse(digits, out _, out _))
            {
                return digits;
            }
        }
    }

    private string ManyIdentifiers(int count) =>
        "{\"personidentifikatorer\":[" + string.Join(',', Enumerable.Range(0, count).Select(_ => $"\"{BadChecksum()}\"")) + "]}";

    private byte[] InvalidUtf8()
    {
        byte[][] pieces = [[0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF]];
        return [.. "{\"spraak\":\""u8.ToArray(), .. Pick(pieces), .. "\",\"personidentifikatorer\":[\""u8.ToArray(), .. Pick(pieces), .. "\"]}"u8.ToArray()];
    }

    private string RandomJson(int depth) => (_random.Next(depth > 4 ? 3 : 6)) switch
    {
        0 => "\"" + EdgeString() + "\"",
        1 => _random.Next(2) == 0 ? "null" : (_random.NextDouble() * 1e20 - 5e19).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        2 => "{}",
        3 => "[" + string.Join(',', Enumerable.Range(0, _random.Next(0, 4)).Select(_ => RandomJson(depth + 1))) + "]",
        _ => "{" + string.Join(',', Enumerable.Range(0, _random.Next(1, 4)).Select(_ => $"\"{Pick(Fields)}\":{RandomJson(depth + 1)}")) + "}",
    };

    private string RouteValue() => _random.Next(6) switch
    {
        0 => Uri.EscapeDataString(BadChecksum()),
        1 => Uri.EscapeDataString(new string('9', _random.Next(1, 3000))),
        2 => "%00",
        3 => "%E2%80%AE%D8%A7",
        4 => "..%2F..%2F",
        _ => Uri.EscapeDataString(Pick(["mobil", "epost", "sms", "", "null", "-1", "1e9", "910000009"])),
    };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
