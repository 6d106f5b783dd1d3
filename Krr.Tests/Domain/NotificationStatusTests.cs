using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class NotificationStatusTests
{
    [Theory]
    [InlineData(true, false, true, true)]
    [InlineData(true, false, false, false)]  // no fresh channel
    [InlineData(true, true, true, false)]    // reserved
    [InlineData(true, true, false, false)]
    [InlineData(false, false, true, false)]  // SLETTET / IKKE_REGISTRERT
    [InlineData(false, false, false, false)]
    [InlineData(false, true, true, false)]
    [InlineData(false, true, false, false)]
    public void CanNotify_only_when_active_unreserved_and_a_channel_is_fresh(bool active, bool reserved, bool anyFresh, bool expected) =>
        Assert.Equal(expected, NotificationStatus.CanNotify(active, reserved, anyFresh));
}
