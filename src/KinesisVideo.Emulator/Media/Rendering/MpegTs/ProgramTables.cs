using System.Buffers.Binary;

namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// The PSI sections a segment starts with (ISO/IEC 13818-1 2.4.4): the PAT naming one program and
/// its PMT PID, and the PMT listing each track's stream type and PID, the PCR on the first track.
/// </summary>
internal static class ProgramTables
{
    public const int PatPid = 0;
    public const int PmtPid = 0x1000;
    public const int ProgramNumber = 1;

    // stream_type values (13818-1 Table 2-34 and its amendments).
    private const int H264StreamType = 0x1B;
    private const int H265StreamType = 0x24;
    private const int AdtsAacStreamType = 0x0F;

    /// <summary>The PID of track <paramref name="index"/> (0-based) of the program.</summary>
    public static int PidOf(int index) => 0x100 + index;

    public static byte[] Pat()
    {
        Span<byte> program = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(program, ProgramNumber);
        BinaryPrimitives.WriteUInt16BigEndian(program[2..], 0xE000 | PmtPid);
        return Section(0x00, 1, program);
    }

    public static byte[] Pmt(IReadOnlyList<MediaTrack> tracks)
    {
        var body = new byte[4 + (tracks.Count * 5)];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(0xE000 | PidOf(0))); // PCR_PID
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 0xF000); // program_info_length 0
        for (var i = 0; i < tracks.Count; i++)
        {
            var entry = body.AsSpan(4 + (i * 5));
            entry[0] = (byte)(tracks[i].Codec switch
            {
                MediaCodec.H264 => H264StreamType,
                MediaCodec.H265 => H265StreamType,
                _ => AdtsAacStreamType,
            });
            BinaryPrimitives.WriteUInt16BigEndian(entry[1..], (ushort)(0xE000 | PidOf(i)));
            BinaryPrimitives.WriteUInt16BigEndian(entry[3..], 0xF000); // ES_info_length 0
        }

        return Section(0x02, ProgramNumber, body);
    }

    // pointer_field, then a long-form section: table_id, section_length, id, version 0, current,
    // section 0 of 0, the body, CRC_32.
    private static byte[] Section(int tableId, int id, ReadOnlySpan<byte> body)
    {
        var sectionLength = 5 + body.Length + 4;
        var section = new byte[1 + 3 + sectionLength];
        section[0] = 0; // pointer_field
        section[1] = (byte)tableId;
        BinaryPrimitives.WriteUInt16BigEndian(section.AsSpan(2), (ushort)(0xB000 | sectionLength));
        BinaryPrimitives.WriteUInt16BigEndian(section.AsSpan(4), (ushort)id);
        section[6] = 0xC1; // reserved, version 0, current_next_indicator
        section[7] = 0; // section_number
        section[8] = 0; // last_section_number
        body.CopyTo(section.AsSpan(9));
        var crc = Crc32Mpeg2.Compute(section.AsSpan(1, section.Length - 5));
        BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(section.Length - 4), crc);
        return section;
    }
}
