using PhotoSettings.Emulator.Photos;

namespace PhotoSettings.Emulator.Storage;

/// <summary>Photo sizes kept in the database beside the photos, keyed by the photo's content ETag.</summary>
public sealed class SqlitePhotoSizeStore(SqliteReader reader, GroupCommitter committer) : IPhotoSizeStore
{
    /// <inheritdoc />
    public byte[]? FindSize(string photoETag, int side) =>
        reader.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT content FROM photo_sizes WHERE etag = $e AND side = $s;";
            command.Parameters.AddWithValue("$e", photoETag);
            command.Parameters.AddWithValue("$s", side);
            return command.ExecuteScalar() as byte[];
        });

    /// <inheritdoc />
    public async Task KeepSizeAsync(string photoETag, int side, byte[] content)
    {
        try
        {
            // Waited for, so a size answered is a size kept: the answer and what a restart finds agree.
            await committer.Enqueue([new("INSERT OR IGNORE INTO photo_sizes (etag, side, content) SELECT $e, $s, $c WHERE EXISTS (SELECT 1 FROM photos WHERE etag = $e);",
                ("$e", photoETag), ("$s", side), ("$c", content))]);
        }
        catch (Exception ex) when (ex is StorageException or ObjectDisposedException)
        {
            // A store that stopped keeps nothing more; the size is still served from memory, and made again after a restart.
        }
    }
}
