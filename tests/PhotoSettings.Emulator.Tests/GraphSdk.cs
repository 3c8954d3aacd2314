using System.Text;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Requests the beta-only resource through the Graph SDK's adapter, as its generated builders would, with Graph's error mapping.</summary>
public static class GraphSdk
{
    public static async Task<JsonElement> SendAsync(GraphServiceClient graph, Method method, Uri uri, string? json = null)
    {
        var request = new RequestInformation { HttpMethod = method, URI = uri };
        request.Headers.Add("Accept", "application/json");
        if (json is not null)
        {
            request.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)), "application/json");
        }

        var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
        await using var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, errors);
        using var document = await JsonDocument.ParseAsync(stream!);
        return document.RootElement.Clone();
    }
}

/// <summary>A token the Graph SDK sends as it is, to the emulator's loopback host only.</summary>
public sealed class StaticToken(string token) : Microsoft.Kiota.Abstractions.Authentication.IAccessTokenProvider
{
    public Microsoft.Kiota.Abstractions.Authentication.AllowedHostsValidator AllowedHostsValidator { get; } = new(["localhost", "127.0.0.1"]);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}
