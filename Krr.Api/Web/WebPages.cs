using Krr.Api.Auth;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.FileProviders;

namespace Krr.Api.Web;

/// <summary>
/// The server-rendered pages (Razor Pages): each feature keeps its pages in its own <c>Pages/</c> folder
/// (<c>SelfService/Pages</c>, <c>TestData/Pages</c>, ...), so the root directory is the project itself. Forms post
/// and redirect (post/redirect/get) with antiforgery tokens, and work without JavaScript.
/// </summary>
public static class WebPages
{
    /// <summary>Where the checked-in design system CSS and the site's own CSS are copied beside the assembly.</summary>
    private static readonly string AssetsDirectory = Path.Combine(AppContext.BaseDirectory, "Web", "assets");

    public static WebApplicationBuilder AddKrrPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.AuthorizeFolder("/SelfService/Pages", KrrPagePolicies.Citizen);
            options.Conventions.AuthorizeFolder("/TestData/Pages", KrrPagePolicies.Operator);
            options.Conventions.AuthorizeFolder("/Delegation/Pages", KrrPagePolicies.Delegation);
        }).AddMvcOptions(options =>
        {
            // The pages post plain names; jQuery's bracket syntax is not used, and its normaliser throws (a 500) on a
            // form or query key with an unclosed bracket, which anyone can send.
            options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<PageText>();
        builder.Services.AddKrrSharedKeyRing();
        builder.AddKrrPageAuthentication();
        return builder;
    }

    public static WebApplication MapKrrPages(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(AssetsDirectory),
            RequestPath = "/assets",
        });
        app.MapRazorPages();
        app.MapLanguageSwitch();
        return app;
    }
}
