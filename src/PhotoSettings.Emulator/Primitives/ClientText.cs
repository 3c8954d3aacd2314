namespace PhotoSettings.Emulator.Primitives;

/// <summary>Text a client sent, quoted back in an error message by every surface.</summary>
public static class ClientText
{
    /// <summary>Client text quoted in an error, cut short so a hostile megabyte is not echoed back.</summary>
    public static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
