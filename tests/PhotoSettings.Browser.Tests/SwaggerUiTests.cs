using Microsoft.Playwright;
using PhotoSettings.Emulator.Tests;
using static Microsoft.Playwright.Assertions;

namespace PhotoSettings.Browser.Tests;

/// <summary>
/// Swagger UI at /swagger, with auth on (the default): Authorize gets a token from the emulator's own token endpoint
/// (client credentials, the built-in application's well-known secret, filled in), and "Try it out" then answers 200.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Process")]
public sealed class SwaggerUiTests(Browser browser)
{
    [BrowserFact]
    public async Task AuthorizingWithTheBuiltInApplicationLetsTryItOutReadTheSettings()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var page = await browser.OpenAsync(new Uri(emulator.BaseAddress, "/swagger/index.html"));

        await page.Locator("button.authorize").First.ClickAsync();
        var entra = page.Locator(".auth-container").Filter(new() { HasText = "clientCredentials" });
        await Expect(entra.GetByLabel("client_id:")).ToHaveValueAsync("c10d0000-0000-4000-8000-0000000000ca");
        await Expect(entra.GetByLabel("client_secret:")).ToHaveValueAsync("photosettings-emulator-secret");
        await entra.GetByRole(AriaRole.Button, new() { Name = "Apply given OAuth2 credentials" }).ClickAsync();
        await Expect(entra.Locator("button", new() { HasText = "Logout" })).ToBeVisibleAsync();
        await entra.Locator("button.btn-done").ClickAsync();

        var operation = page.Locator(".opblock-get").Filter(new() { Has = page.Locator($".opblock-summary-path[data-path='{Emulator.SettingsPath}']") });
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        var live = operation.Locator(".live-responses-table tbody .response-col_status");
        await Expect(live).ToHaveTextAsync("200");
        await Expect(operation.Locator(".live-responses-table tbody .response-col_description")).ToContainTextAsync("\"source\"");
        // The call was a real Graph request with the token Swagger UI obtained.
        await Expect(operation.Locator(".curl-command")).ToContainTextAsync("Authorization: Bearer ey");
    }
}
