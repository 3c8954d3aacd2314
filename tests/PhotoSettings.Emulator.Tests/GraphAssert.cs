using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Assertions on what a Graph client sees: status, Graph headers, envelope, body.</summary>
public static class GraphAssert
{
    public const string ContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>request-id is a fresh GUID; client-request-id echoes the caller's or repeats request-id.</summary>
    public static string Ids(HttpResponseMessage response, string? sentClientRequestId = null)
    {
        var requestId = Single(response, "request-id");
        Assert.True(Guid.TryParse(requestId, out _), $"request-id '{requestId}' is not a GUID");
        Assert.Equal(sentClientRequestId ?? requestId, Single(response, "client-request-id"));
        return requestId;
    }

    /// <summary>Status, Graph headers and content type of a JSON success; returns the body.</summary>
    public static async Task<JsonElement> SuccessAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Ids(response);
        AssertGraphContent(response);
        return await JsonAsync(response);
    }

    /// <summary>
    /// A Graph error: status, headers, content type, <c>error.code</c>, a message containing every
    /// given fragment, and innerError ids and date that match the headers and the clock.
    /// </summary>
    public static async Task<JsonElement> ErrorAsync(
        HttpResponseMessage response, HttpStatusCode status, string code, DateTimeOffset now, params string[] messageFragments)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var requestId = Ids(response);
        AssertGraphContent(response);
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        foreach (var fragment in messageFragments)
        {
            Assert.Contains(fragment, message);
        }

        var inner = error.GetProperty("innerError");
        Assert.Equal(requestId, inner.GetProperty("request-id").GetString());
        Assert.Equal(requestId, inner.GetProperty("client-request-id").GetString());
        Assert.Equal(now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), inner.GetProperty("date").GetString());
        return error.Clone();
    }

    public static void AssertGraphContent(HttpResponseMessage response)
    {
        Assert.Equal(ContentType, string.Join(";", response.Content.Headers.GetValues("Content-Type")).Replace(" ", ""));
        Assert.Equal("4.0", Single(response, "OData-Version"));
    }

    public static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values),
            $"response has no {header} header");
        return Assert.Single(values!);
    }

    public static string Fingerprint(JsonElement settings) =>
        (settings.GetProperty("source") is { ValueKind: JsonValueKind.Null } ? "null" : settings.GetProperty("source").GetString()) + "|" + settings.GetProperty("allowedRoles").GetRawText();

    /// <summary>A control-API refusal: the status, RFC 9457 ProblemDetails with that status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, params int[] statuses)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(statuses.Contains((int)response.StatusCode), $"answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
