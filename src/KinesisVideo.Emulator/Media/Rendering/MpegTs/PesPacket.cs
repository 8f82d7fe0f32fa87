namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// A PES packet (ISO/IEC 13818-1 2.4.3.6): start code and stream id, a length (0, unbounded, for
/// video), and an optional header with PTS, and DTS when it differs, as 33-bit 90 kHz values.
/// </summary>
internal static class PesPacket
{
    public const int VideoStreamId = 0xE0;
    public const int AudioStreamId = 0xC0;

    public static byte[] Build(int streamId, long pts, long? dts, ReadOnlySpan<byte> payload)
    {
        var withDts = dts is { } d && d != pts;
        var headerData = withDts ? 10 : 5;
        var packet = new byte[9 + headerData + payload.Length];
        packet[2] = 1;
        packet[3] = (byte)streamId;
        var length = 3 + headerData + payload.Length;
        if (streamId != VideoStreamId || length <= ushort.MaxValue)
        {
            packet[4] = (byte)(length >> 8);
            packet[5] = (byte)length;
        }

        packet[6] = 0x80; // '10', no scrambling, no priority, no alignment flag, no copyright
        packet[7] = (byte)(withDts ? 0xC0 : 0x80);
        packet[8] = (byte)headerData;
        WriteTimestamp(packet.AsSpan(9), withDts ? 0x3 : 0x2, pts);
        if (withDts)
        {
            WriteTimestamp(packet.AsSpan(14), 0x1, dts!.Value);
        }

        payload.CopyTo(packet.AsSpan(9 + headerData));
        return packet;
    }

    // 4 bits of prefix, then the 33 bits in three parts, each followed by a marker bit.
    private static void WriteTimestamp(Span<byte> field, int prefix, long value)
    {
        var v = (ulong)value & 0x1FFFFFFFF;
        field[0] = (byte)((prefix << 4) | (int)((v >> 29) & 0x0E) | 1);
        field[1] = (byte)(v >> 22);
        field[2] = (byte)(((v >> 14) & 0xFE) | 1);
        field[3] = (byte)(v >> 7);
        field[4] = (byte)(((v << 1) & 0xFE) | 1);
    }
}
