using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The shared body reader: what it hands back stays the request's own, whatever other requests do next.</summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task TheDocumentOfABodyStaysIntactWhenTheSharedPoolHandsItsBufferToAnotherRequest()
    {
        const string sent = """{"source":"cloud","allowedRoles":["62e90394-69f5-4237-9190-012177145e10"]}""";
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(sent));

        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, 64 * 1024);
        Assert.Null(problem);

        // Another request rents from the same pool on the same thread: it gets the buffer the reader
        // returned, and fills it with its own bytes (here, a response being written).
        var other = ArrayPool<byte>.Shared.Rent(16 * 1024);
        other.AsSpan().Fill((byte)'x');
        try
        {
            using (document)
            {
                Assert.Equal(sent, document!.RootElement.GetRawText());
                Assert.Equal("cloud", document.RootElement.GetProperty("source").GetString());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(other);
        }
    }

    [Theory]
    [InlineData(null, """{"source":"cloud"}""", 400, JsonBody.UndeclaredMessage)]
    [InlineData("", """{"source":"cloud"}""", 400, JsonBody.UndeclaredMessage)]
    [InlineData(null, "", 400, "The request body is empty; a JSON object is expected.")]
    [InlineData("text/plain", """{"source":"cloud"}""", 415, "text/plain")]
    public async Task ABodyThatDeclaresNoJsonMediaTypeIsRefusedAsGraphRefusesIt(string? contentType, string body, int status, string says)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, 64 * 1024);

        Assert.Null(document);
        Assert.Equal(status, problem!.StatusCode);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }
}
