using System.Net;
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
    /// <summary>The SDK's own client on the emulator's in-process server, sending <paramref name="token"/>, each answer kept as it crossed the wire.</summary>
    public static (GraphServiceClient Graph, WireRecorder Wire) Recorded(EmulatorFactory emulator, string token)
    {
        var wire = new WireRecorder(emulator.Server.CreateHandler());
        var graph = new GraphServiceClient(
            GraphClientFactory.Create(finalHandler: wire),
            new Microsoft.Kiota.Abstractions.Authentication.BaseBearerTokenAuthenticationProvider(new StaticToken(token)),
            new Uri(emulator.Server.BaseAddress, "/v1.0").ToString());
        return (graph, wire);
    }

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

/// <summary>Keeps the newest answer's status and body as they crossed the wire, below the SDK's own handlers.</summary>
public sealed class WireRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public HttpStatusCode LastStatus { get; private set; }

    public string LastBody { get; private set; } = "";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        LastStatus = response.StatusCode;
        LastBody = await response.Content.ReadAsStringAsync(cancellationToken);
        return response;
    }
}
