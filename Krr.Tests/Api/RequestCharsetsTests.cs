using Krr.Api.Hosting;

namespace Krr.Tests.Api;

public sealed class RequestCharsetsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1")]
    [InlineData(";;;")]
    public void Decodable_or_absent_charsets_pass(string? contentType) => Assert.Null(RequestCharsets.Undecodable(contentType));

    [Theory]
    [InlineData("application/json; charset=utf-7", "utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-7", "UTF-7")]
    [InlineData("application/json; charset=nonsense", "nonsense")]
    public void Charsets_that_cannot_be_read_are_named(string contentType, string charset) =>
        Assert.Equal(charset, RequestCharsets.Undecodable(contentType));

    [Fact]
    public void A_long_charset_is_shortened_in_the_answer() =>
        Assert.Equal(new string('x', 40) + "…", RequestCharsets.Undecodable("text/plain; charset=" + new string('x', 500)));
}
