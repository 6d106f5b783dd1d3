using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Krr.Hosting.Storage;

/// <summary>
/// Writes and reads <see cref="ImmutableArray{T}"/> in grain state as the JSON array System.Text.Json writes for it, by
/// indexing the array. The built-in converter goes through the array's <see cref="IEnumerable{T}"/> and its enumerator
/// object in shared generic code, which was half of the state writes' JSON time in the writes benchmark (a person's
/// <c>Unsettled</c> and a contact value's <c>Owners</c> are written on every change; docs/benchmarks.md, "Register CPU
/// per change (wt-k)").
/// </summary>
public sealed class ImmutableArrayJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Of<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]), options)!;

    private sealed class Of<T>(JsonSerializerOptions options) : JsonConverter<ImmutableArray<T>>
    {
        private readonly JsonConverter<T> _element = (JsonConverter<T>)options.GetConverter(typeof(T));

        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected a JSON array for {typeToConvert}, found {reader.TokenType}.");
            }
            var items = ImmutableArray.CreateBuilder<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(ReadElement(ref reader, options));
            }
            return items.DrainToImmutable();
        }

        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                if (item is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    _element.Write(writer, item, options);
                }
            }
            writer.WriteEndArray();
        }

        private T ReadElement(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null && !_element.HandleNull
                ? default!
                : _element.Read(ref reader, typeof(T), options)!;
    }
}
