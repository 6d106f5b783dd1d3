using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Krr.Api.Wire;

/// <summary>Reads a request body, or answers 400 saying which shape was expected and what is wrong with it.</summary>
public static class JsonBody
{
    /// <param name="shape">The expected body, as an example, for the problem's detail.</param>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, string shape)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException exception)
        {
            return (default, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON",
                detail: $"The body is not valid JSON of the form {shape}: {exception.Message}"));
        }
    }
}
