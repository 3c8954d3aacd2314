using System.Text.Json;
using Microsoft.Playwright;
using PhotoSettings.Emulator.Tests;
using static Microsoft.Playwright.Assertions;

namespace PhotoSettings.Browser.Tests;

/// <summary>
/// The web console at /_emulator/ui in headless Chromium against a real emulator process in its default
/// configuration (24-hour delay, tokens required, auth mode Loose): what a person sees and clicks.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Process")]
public sealed class ConsoleTests(Browser browser)
{
    [BrowserFact]
    public async Task APatchedBlockIsPendingForADayThenTheNextDayItBlocksTheUserWithoutTheRole()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        await emulator.GivePhotoAsync(Emulator.Nora);
        var patch = await emulator.GraphAsync(HttpMethod.Patch, Emulator.SettingsPath, $$"""{"allowedRoles":["{{Emulator.PeopleAdministrator}}"]}""");
        Assert.True(patch.IsSuccessStatusCode, $"PATCH answered {(int)patch.StatusCode}");

        var page = await browser.OpenAsync(emulator.Console());
        await page.GetByRole(AriaRole.Button, new() { Name = "Contoso Cloud" }).ClickAsync();

        var pending = page.Locator("#pending");
        await Expect(pending).ToContainTextAsync("unset (cloud or on-premises), only People Administrator: effective");
        await Expect(pending).ToContainTextAsync("(in 24 h 0 min)");
        await Expect(page.Locator("#effective")).ToHaveTextAsync("unset (cloud or on-premises), everyone may change");
        var nora = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nora No-Role" });
        await Expect(nora.Locator("td").Nth(2)).ToHaveTextAsync("May change");
        await Expect(nora.Locator("td").Nth(3)).ToContainTextAsync("Blocked from");
        await Expect(nora.Locator("td").Nth(3)).ToContainTextAsync("(in 24 h 0 min)");
        var photo = nora.GetByRole(AriaRole.Img, new() { Name = "Photo of Nora No-Role" });
        await Expect(photo).ToBeVisibleAsync();
        // The 48x48 size Graph serves, not the 96x96 original scaled by the page.
        Assert.Equal(48, await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(done => img.onload = () => done(img.naturalWidth))"));
        var pat = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pat People-Admin" });
        await Expect(pat.Locator("td").Nth(3)).ToHaveTextAsync("Still may change");
        await Expect(page.Locator("#timeline circle.pending")).ToHaveCountAsync(1);
        var journal = page.Locator("#journal tbody tr").Filter(new() { HasText = Emulator.SettingsPath });
        await Expect(journal.Filter(new() { HasText = "PATCH" })).ToHaveCountAsync(1);
        await Expect(journal.Filter(new() { HasText = "PATCH" }).Locator("td").Nth(3)).ToHaveTextAsync(((int)patch.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The screenshot in the documentation is this page, made by this test.
        await page.ScreenshotAsync(new() { Path = Path.Combine(Emulator.DocsFolder(), "console.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "+24 h", Exact = true }).ClickAsync();

        await Expect(pending).ToHaveTextAsync("Nothing pending: what is configured is in effect.");
        await Expect(page.Locator("#effective")).ToHaveTextAsync("unset (cloud or on-premises), only People Administrator");
        await Expect(nora.Locator("td").Nth(2)).ToHaveTextAsync("Blocked: needs People Administrator");
        await Expect(nora.Locator("td").Nth(3)).ToHaveTextAsync("No change pending");
        await Expect(pat.Locator("td").Nth(2)).ToHaveTextAsync("May change");
        await Expect(page.Locator("#timeline circle.matured")).Not.ToHaveCountAsync(0);

        // What the page showed is what Graph does: Nora's own photo write is refused now.
        var timeline = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/photoUpdateSettings")).RootElement;
        Assert.Equal(0, timeline.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(Emulator.PeopleAdministrator, timeline.GetProperty("effective").GetProperty("allowedRoles")[0].GetString());
    }

    [BrowserFact]
    public async Task PronounsPatchedThroughGraphArePendingForSevenHoursThenEffectiveWhenTheTenantClockMovesOnThePage()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var patch = await emulator.GraphAsync(HttpMethod.Patch, "/v1.0/admin/people/pronouns", """{"isEnabledInOrganization":true}""");
        Assert.True(patch.IsSuccessStatusCode, $"PATCH answered {(int)patch.StatusCode}");
        var before = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/settings/pronouns/timeline")).RootElement;
        var effectiveAt = before.GetProperty("pending")[0].GetProperty("effectiveAt").GetDateTimeOffset();

        var page = await browser.OpenAsync(emulator.Console());
        await page.GetByRole(AriaRole.Button, new() { Name = "Contoso Cloud" }).ClickAsync();

        // Every declared setting is listed, in the server's order: none of the names is written in the page's script.
        var rows = page.Locator("#all-settings tbody tr");
        await Expect(rows.Locator("th")).ToHaveTextAsync(["photoUpdateSettingsbeta", "pronounsv1.0, beta", "namePronunciationbeta", "itemInsightsv1.0, beta",
            "profileCardPropertiesv1.0, beta", "profilePropertySettingsv1.0, beta", "profileSourcesv1.0, beta"]);
        await Expect(page.Locator("#all-settings-tenant")).ToHaveTextAsync("· Contoso Cloud");
        var pronouns = page.Locator("#all-settings tr[data-setting=pronouns]");
        await Expect(pronouns.Locator("td").Nth(0)).ToHaveTextAsync("7 h 0 min");
        await Expect(pronouns.Locator("td.configured")).ToHaveTextAsync("isEnabledInOrganization: true");
        await Expect(pronouns.Locator("td.effective")).ToHaveTextAsync("isEnabledInOrganization: falsethe default");
        var at = effectiveAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
        await Expect(pronouns.Locator("td.pending li")).ToHaveTextAsync($"isEnabledInOrganization: true: effective {at} (in 7 h 0 min)");
        await Expect(page.Locator("#all-settings tr[data-setting=itemInsights] td.pending")).ToHaveTextAsync("Nothing pending");
        await Expect(page.Locator("#all-settings tr[data-setting=photoUpdateSettings] td.effective")).ToContainTextAsync("allowedRoles: []");

        await page.GetByLabel("Advance this tenant's clock by").FillAsync("PT7H");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance", Exact = true }).ClickAsync();

        await Expect(pronouns.Locator("td.pending")).ToHaveTextAsync("Nothing pending");
        await Expect(pronouns.Locator("td.effective")).ToHaveTextAsync($"isEnabledInOrganization: truesince {at}");
        // The photoUpdateSettings view moved on the same clock.
        await Expect(page.Locator("#tenant-now")).ToHaveTextAsync(await page.Locator("#all-settings-now").InnerTextAsync());
        var after = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/settings/pronouns/timeline")).RootElement;
        Assert.Equal(0, after.GetProperty("pendingTotal").GetInt32());
        Assert.True(after.GetProperty("effective").GetProperty("isEnabledInOrganization").GetBoolean());
    }

    [BrowserFact]
    public async Task ACollectionReadsAsItsItemCountAndKeysAndBecomesEffectiveAfter24HoursOnThePage()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        foreach (var name in new[] { "CustomAttribute1", "alias" })
        {
            var post = await emulator.GraphAsync(HttpMethod.Post, "/v1.0/admin/people/profileCardProperties", $$"""{"directoryPropertyName":"{{name}}"}""");
            Assert.True(post.IsSuccessStatusCode, $"POST answered {(int)post.StatusCode}");
        }

        var page = await browser.OpenAsync(emulator.Console());
        await page.GetByRole(AriaRole.Button, new() { Name = "Contoso Cloud" }).ClickAsync();

        var cards = page.Locator("#all-settings tr[data-setting=profileCardProperties]");
        await Expect(cards.Locator("td").Nth(0)).ToHaveTextAsync("24 h 0 min");
        await Expect(cards.Locator("td.configured")).ToHaveTextAsync("2 items: CustomAttribute1, Alias");
        await Expect(cards.Locator("td.effective")).ToHaveTextAsync("nonethe default");
        await Expect(cards.Locator("td.pending li").First).ToContainTextAsync("1 item: CustomAttribute1: effective");
        await Expect(cards.Locator("td.pending li").Nth(1)).ToContainTextAsync("2 items: CustomAttribute1, Alias: effective");
        await Expect(page.Locator("#all-settings tr[data-setting=profileSources] td.configured")).ToHaveTextAsync("none");

        await page.GetByLabel("Advance this tenant's clock by").FillAsync("PT24H");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance", Exact = true }).ClickAsync();

        await Expect(cards.Locator("td.pending")).ToHaveTextAsync("Nothing pending");
        await Expect(cards.Locator("td.effective")).ToContainTextAsync("2 items: CustomAttribute1, Alias");
        var timeline = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/settings/profileCardProperties/timeline")).RootElement;
        Assert.Equal(2, timeline.GetProperty("effective").GetArrayLength());
    }

    [BrowserFact]
    public async Task TheSettingsChangedOnThePageArePatchedThroughGraphAndARefusalIsShown()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var page = await browser.OpenAsync(emulator.Console());
        await page.GetByRole(AriaRole.Button, new() { Name = "Contoso Cloud" }).ClickAsync();
        await Expect(page.Locator("#timeline-tenant")).ToContainTextAsync("Contoso Cloud");
        // An unconfigured tenant's source is unset, and the form shows it so.
        await Expect(page.GetByLabel("Source")).ToHaveValueAsync("");

        // A cloud-only tenant cannot take its photos from on-premises: Graph refuses, the page says why, nothing is pending.
        await page.GetByLabel("Source").SelectOptionAsync("onPremises");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send PATCH" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("answered 400");
        await Expect(page.Locator("#status")).ToHaveClassAsync("error");
        await Expect(page.Locator("#pending")).ToHaveTextAsync("Nothing pending: what is configured is in effect.");

        await page.GetByLabel("Source").SelectOptionAsync("cloud");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "People Administrator" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send PATCH" }).ClickAsync();

        await Expect(page.Locator("#pending")).ToContainTextAsync("cloud, only People Administrator: effective");
        var timeline = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/photoUpdateSettings")).RootElement;
        Assert.Equal(Emulator.PeopleAdministrator, timeline.GetProperty("configured").GetProperty("allowedRoles")[0].GetString());
        Assert.Equal(1, timeline.GetProperty("pendingTotal").GetInt32());
        var patches = page.Locator("#journal tbody tr").Filter(new() { HasText = "PATCH" });
        await Expect(patches).ToHaveCountAsync(2);
        await Expect(patches.First.Locator("td").Nth(3)).ToHaveTextAsync("200");
    }

    [BrowserFact]
    public async Task AFaultRuleWhoseIdHoldsUrlSymbolsIsRemovedOnThePage()
    {
        // '#' and '%' are header-token characters a URL must escape: unescaped, the page's DELETE named another rule.
        const string id = "a#b%2Fc";
        await using var emulator = await EmulatorProcess.StartAsync();
        using var control = emulator.CreateClient();
        using var other = await control.PostAsync("/_emulator/faults", new StringContent("""{"id":"a","path":"/beta/*","status":503}""", System.Text.Encoding.UTF8, "application/json"));
        using var added = await control.PostAsync("/_emulator/faults", new StringContent($$"""{"id":"{{id}}","path":"/beta/*","status":503}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)added.StatusCode);
        var page = await browser.OpenAsync(emulator.Console());
        await Expect(page.Locator("#faults li")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove fault rule {id}", Exact = true }).ClickAsync();

        await Expect(page.Locator("#faults li")).ToHaveCountAsync(1);
        var rules = JsonDocument.Parse(await emulator.ControlAsync("/_emulator/faults")).RootElement;
        Assert.Equal("a", Assert.Single(rules.EnumerateArray()).GetProperty("id").GetString());
    }

    [BrowserFact]
    public async Task AFaultRuleAddedOnThePageFaultsGraphShowsInTheJournalAndIsRemovedOnThePage()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var page = await browser.OpenAsync(emulator.Console());
        await Expect(page.Locator("#faults")).ToHaveTextAsync("No fault rules.");

        await page.GetByLabel("Method").SelectOptionAsync("GET");
        await page.GetByLabel("Path").FillAsync(Emulator.SettingsPath);
        await page.GetByLabel("Status").SelectOptionAsync("503");
        await page.GetByLabel("Count").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add fault rule" }).ClickAsync();

        await Expect(page.Locator("#faults li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#faults li")).ToContainTextAsync($"GET {Emulator.SettingsPath} → 503, 5 time(s)");
        var rules = JsonDocument.Parse(await emulator.ControlAsync("/_emulator/faults")).RootElement;
        Assert.Equal(1, rules.GetArrayLength());
        Assert.Equal(503, rules[0].GetProperty("status").GetInt32());

        var faulted = await emulator.GraphAsync(HttpMethod.Get, Emulator.SettingsPath);
        Assert.Equal(503, (int)faulted.StatusCode);

        // The journal refreshes by itself: the faulted answer appears, highlighted, without a reload.
        var row = page.Locator("#journal tbody tr").Filter(new() { HasText = "503" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveClassAsync("faulted");
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(rules[0].GetProperty("id").GetString()!);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove fault rule") }).ClickAsync();

        await Expect(page.Locator("#faults")).ToHaveTextAsync("No fault rules.");
        Assert.Equal(0, JsonDocument.Parse(await emulator.ControlAsync("/_emulator/faults")).RootElement.GetArrayLength());
        Assert.Equal(200, (int)(await emulator.GraphAsync(HttpMethod.Get, Emulator.SettingsPath)).StatusCode);
    }

    [BrowserFact]
    public async Task AnExportedStateComesBackAfterAResetWhenImported()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var patch = await emulator.GraphAsync(HttpMethod.Patch, Emulator.SettingsPath, $$"""{"allowedRoles":["{{Emulator.PeopleAdministrator}}"]}""");
        Assert.True(patch.IsSuccessStatusCode, $"PATCH answered {(int)patch.StatusCode}");
        var page = await browser.OpenAsync(emulator.Console());
        await page.GetByRole(AriaRole.Button, new() { Name = "Contoso Cloud" }).ClickAsync();
        await Expect(page.Locator("#pending li")).ToContainTextAsync("unset (cloud or on-premises), only People Administrator");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export state" }).ClickAsync());
        var exported = Path.Combine(Directory.CreateTempSubdirectory("photosettings-export-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(exported);
        Assert.Equal("photosettings-state.json", download.SuggestedFilename);
        Assert.Contains(Emulator.PeopleAdministrator, await File.ReadAllTextAsync(exported), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset this tenant" }).ClickAsync();
        await Expect(page.Locator("#pending")).ToHaveTextAsync("Nothing pending: what is configured is in effect.");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Contoso Cloud reset.");

        await page.GetByLabel("State file").SetInputFilesAsync(exported);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import state" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("State imported from photosettings-state.json.");
        await Expect(page.Locator("#pending li")).ToContainTextAsync("unset (cloud or on-premises), only People Administrator");
        var timeline = JsonDocument.Parse(await emulator.ControlAsync($"/_emulator/tenants/{Emulator.CloudTenant}/photoUpdateSettings")).RootElement;
        Assert.Equal(1, timeline.GetProperty("pendingTotal").GetInt32());
        File.Delete(exported);
    }

    [BrowserFact]
    public async Task WithAnApiKeyThePageAsksForItOnceAndRefusesAWrongOne()
    {
        const string key = "console-test-key";
        await using var emulator = await EmulatorProcess.StartAsync(("Emulator__Control__ApiKey", key));
        var page = await browser.OpenAsync(emulator.Console());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Control API key" })).ToBeVisibleAsync();
        await Expect(page.Locator("#console")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Key" }).FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.Locator("#key-message")).ToContainTextAsync("The emulator refused that key");
        await Expect(page.Locator("#console")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Key" }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Expect(page.Locator("#tenants tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#key-prompt")).ToBeHiddenAsync();

        // Once per tab: a reload keeps the key (sessionStorage) and does not ask again.
        await page.ReloadAsync();
        await Expect(page.Locator("#tenants tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#key-prompt")).ToBeHiddenAsync();

        // The control API itself still refuses a caller without the key.
        using var client = emulator.CreateClient();
        Assert.Equal(401, (int)(await client.GetAsync("/_emulator/tenants")).StatusCode);
    }

    [BrowserTheory]
    [InlineData(1280, 800, ColorScheme.Light)]
    [InlineData(390, 844, ColorScheme.Dark)]
    public async Task ThePageFitsItsViewportAndFollowsTheColourScheme(int width, int height, ColorScheme scheme)
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        var page = await browser.OpenAsync(emulator.Console(), width, height, scheme);
        await Expect(page.Locator("#access tbody tr")).ToHaveCountAsync(4);

        var overflow = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a {width} px viewport");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal(scheme == ColorScheme.Dark ? "rgb(17, 20, 24)" : "rgb(246, 247, 249)", background);

        // Keyboard: the first Tab reaches a real button, and Enter on it acts (the emulator-wide clock moves an hour).
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Emulator +1 h");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#global-offset")).ToHaveTextAsync("PT1H");
    }
}
