using System.Net.Http.Json;
using System.Text;
using PhotoSettings.Emulator.Tests;

namespace PhotoSettings.Browser.Tests;

/// <summary>What the browser tests do to the emulator besides clicking: Graph calls with real tokens, control API reads.</summary>
public static class Emulator
{
    public const string CloudTenant = "c10d0000-0000-4000-8000-000000000001";
    public const string GlobalAdmin = "c10d0000-0000-4000-8000-0000000000c3";
    public const string Nora = "c10d0000-0000-4000-8000-0000000000c4";
    public const string PeopleAdministrator = "024906de-61e5-49c8-8572-40335f1e0e10";
    public const string SettingsPath = "/beta/admin/people/photoUpdateSettings";

    public static Uri Console(this EmulatorProcess emulator) => new(emulator.BaseAddress, "/_emulator/ui");

    /// <summary>A delegated token minted by the control API.</summary>
    public static async Task<string> TokenAsync(this EmulatorProcess emulator, string userId)
    {
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/tokens")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["tenantId"] = CloudTenant, ["userId"] = userId }),
        };
        request.Headers.Accept.ParseAdd("text/plain");

        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<HttpResponseMessage> GraphAsync(this EmulatorProcess emulator, HttpMethod method, string path, string? json = null) =>
        emulator.GraphAsync(method, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>A Graph call as the cloud-only tenant's Global Administrator.</summary>
    public static async Task<HttpResponseMessage> GraphAsync(this EmulatorProcess emulator, HttpMethod method, string path, HttpContent? content)
    {
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", await emulator.TokenAsync(GlobalAdmin));
        return await client.SendAsync(request);
    }

    /// <summary>Gives a user a 96x96 photo, so the console can show its 48x48 size.</summary>
    public static async Task GivePhotoAsync(this EmulatorProcess emulator, string userId)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "avatar-96x96.png")));
        content.Headers.ContentType = new("image/png");
        var response = await emulator.GraphAsync(HttpMethod.Put, $"/v1.0/users/{userId}/photo/$value", content);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<string> ControlAsync(this EmulatorProcess emulator, string path)
    {
        using var client = emulator.CreateClient();
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The repository's docs folder, found above the test's output folder.</summary>
    public static string DocsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PhotoSettings.sln")))
            {
                return Path.Combine(folder.FullName, "docs");
            }
        }

        throw new DirectoryNotFoundException("PhotoSettings.sln was not found above " + AppContext.BaseDirectory);
    }
}
