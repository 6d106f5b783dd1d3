namespace Krr.Grains.Persons;

[GenerateSerializer, Alias("krr.ContactChannel")]
public enum ContactChannel
{
    Email = 0,
    Mobile = 1,
}
