using System.Text.Json;
using Krr.Grains.Domain;

namespace Krr.Grains.Population;

/// <summary>One line of a Folkeregisteret file that could not be read, by line number.</summary>
public sealed record InvalidLine(int Line, ValidationError Error);

/// <summary>
/// Reads a Folkeregisteret file: one <see cref="FolkeregisterHendelse"/> per line, blank lines ignored. The
/// whole file is checked before anything is applied, so a file with one bad line changes nothing.
/// </summary>
public static class FolkeregisterJsonLines
{
    public static async Task<(List<FolkeregisterEvent> Events, List<InvalidLine> Errors)> ReadAsync(TextReader reader)
    {
        var events = new List<FolkeregisterEvent>();
        var errors = new List<InvalidLine>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            FolkeregisterHendelse? hendelse;
            try
            {
                hendelse = JsonSerializer.Deserialize<FolkeregisterHendelse>(line);
            }
            catch (JsonException exception)
            {
                errors.Add(new InvalidLine(lineNumber, new ValidationError("json.invalid", $"not a JSON event: {exception.Message}")));
                continue;
            }
            if (hendelse is null)
            {
                errors.Add(new InvalidLine(lineNumber, new ValidationError("json.invalid", "not a JSON event: null")));
            }
            else if (hendelse.TryValidate(out var change, out var error))
            {
                events.Add(change);
            }
            else
            {
                errors.Add(new InvalidLine(lineNumber, error));
            }
        }
        return (events, errors);
    }
}
