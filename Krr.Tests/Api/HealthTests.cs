using System.Net;

namespace Krr.Tests.Api;

public sealed class HealthTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task Live_and_ready_answer_healthy_when_the_silo_and_PostgreSQL_answer()
    {
        using var live = await deployment.Http.GetAsync("/health/live");
        using var ready = await deployment.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

}
