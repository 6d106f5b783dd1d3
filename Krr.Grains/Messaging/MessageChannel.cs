namespace Krr.Grains.Messaging;

public enum MessageChannel
{
    Email,
    Sms,
}
