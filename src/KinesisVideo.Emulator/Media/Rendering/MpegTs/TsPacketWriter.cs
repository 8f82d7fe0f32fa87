using System.Buffers;

namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// Cuts payloads (PSI sections, PES packets) into 188-byte transport packets (ISO/IEC 13818-1
/// 2.4.3): sync byte, PID, payload_unit_start on a payload's first packet, a continuity counter per
/// PID, and an adaptation field where one is needed: the PCR, the discontinuity indicator on each
/// PID's first packet of a segment (segments are fetched one by one, so counters restart), and
/// stuffing to fill a payload's last packet.
/// </summary>
internal sealed class TsPacketWriter
{
    public const int PacketLength = 188;

    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly Dictionary<int, int> _continuity = [];

    /// <summary>The packets written so far.</summary>
    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    /// <param name="pid">The packets' PID.</param>
    /// <param name="payload">The whole payload: it starts in a new packet.</param>
    /// <param name="pcr">A program clock reference (90 kHz base) for the first packet, when this PID carries the PCR.</param>
    /// <param name="randomAccess">Sets random_access_indicator on the first packet (a key frame starts here).</param>
    public void Write(int pid, ReadOnlySpan<byte> payload, long? pcr = null, bool randomAccess = false)
    {
        var first = true;
        Span<byte> packet = stackalloc byte[PacketLength];
        while (first || !payload.IsEmpty)
        {
            var isFirstOfPid = !_continuity.TryGetValue(pid, out var counter);
            _continuity[pid] = (counter + (isFirstOfPid ? 0 : 1)) & 0xF;
            var discontinuity = isFirstOfPid;
            var withPcr = first && pcr is not null;
            var flagsNeeded = discontinuity || withPcr || (first && randomAccess);

            // The adaptation field, length byte included: flags and a PCR when needed, and stuffing
            // when what is left of the payload does not fill the packet.
            var needed = flagsNeeded ? 2 + (withPcr ? 6 : 0) : 0;
            var take = Math.Min(PacketLength - 4 - needed, payload.Length);
            var adaptation = PacketLength - 4 - take;

            packet.Fill(0xFF);
            packet[0] = 0x47;
            packet[1] = (byte)((first ? 0x40 : 0) | ((pid >> 8) & 0x1F));
            packet[2] = (byte)pid;
            packet[3] = (byte)((adaptation > 0 ? 0x30 : 0x10) | _continuity[pid]);
            var p = 4;
            if (adaptation > 0)
            {
                packet[p++] = (byte)(adaptation - 1);
                if (adaptation > 1)
                {
                    // Only a one-byte field (length 0) has no flags byte; stuffing follows the flags.
                    packet[p++] = (byte)((discontinuity ? 0x80 : 0) | (first && randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0));
                    if (withPcr)
                    {
                        WritePcr(packet[p..], pcr!.Value);
                        p += 6;
                    }
                }

                p = 4 + adaptation;
            }

            payload[..take].CopyTo(packet[p..]);
            payload = payload[take..];
            _output.Write(packet);
            first = false;
        }
    }

    // 33 bits of base (90 kHz), 6 reserved bits, 9 bits of extension (27 MHz remainder, 0 here).
    private static void WritePcr(Span<byte> field, long pcr)
    {
        var value = (ulong)pcr & 0x1FFFFFFFF;
        field[0] = (byte)(value >> 25);
        field[1] = (byte)(value >> 17);
        field[2] = (byte)(value >> 9);
        field[3] = (byte)(value >> 1);
        field[4] = (byte)(((value & 1) << 7) | 0x7E);
        field[5] = 0;
    }
}
