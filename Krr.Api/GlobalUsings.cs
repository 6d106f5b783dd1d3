global using Krr.Grains;
global using Microsoft.Extensions.DependencyInjection.Extensions;
global using Orleans;
