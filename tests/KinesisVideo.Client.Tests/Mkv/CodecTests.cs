using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

public class CodecTests
{
    private string _directory = null!;

    [OneTimeSetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kvs-mkv-codecs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // Cropping (1080 is not a multiple of 16), odd sizes, 4:4:4 high profile with scaling lists
    // (cqm=jvt), 4:2:2, 10-bit, and field coding (frame_mbs_only_flag 0 with -flags +ildct).
    [TestCase("1920x1080", "")]
    [TestCase("320x240", "")]
    [TestCase("350x198", "")]
    [TestCase("176x144", "-pix_fmt yuv444p -profile:v high444 -x264opts cqm=jvt")]
    [TestCase("352x288", "-pix_fmt yuv422p -x264opts cqm=jvt")]
    [TestCase("320x180", "-pix_fmt yuv420p10le")]
    [TestCase("720x576", "-flags +ildct+ilme -x264opts tff=1")]
    public void Sps_size_matches_what_ffprobe_reports(string size, string extra)
    {
        ExternalTool.Require("ffmpeg");
        var stream = OracleInputs.EncodeH264(_directory, size, seconds: 1, extra: extra);
        var path = Path.Combine(_directory, $"probe-{Guid.NewGuid():N}.h264");
        File.WriteAllBytes(path, stream);
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=width,height,profile", "-of", "csv=p=0", path).StandardOutput.Trim();

        var sps = FirstNal(stream, 7);
        Assert.That(H264SequenceParameterSet.TryParse(sps, out var parsed), Is.True);
        Assert.That($"{parsed.Width},{parsed.Height}", Is.EqualTo(string.Join(',', probe.Split(',').Skip(1).Take(2))), probe);
    }

    [TestCase("1920x1080", "")]
    [TestCase("350x198", "")]
    [TestCase("176x144", "-pix_fmt yuv444p")]
    [TestCase("320x180", "-pix_fmt yuv420p10le")]
    public void H265_sps_size_matches_what_ffprobe_reports(string size, string extra)
    {
        ExternalTool.Require("ffmpeg");
        var stream = OracleInputs.EncodeH265(_directory, size, seconds: 1, extra: extra);
        var path = Path.Combine(_directory, $"probe-{Guid.NewGuid():N}.hevc");
        File.WriteAllBytes(path, stream);
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path).StandardOutput.Trim();

        Assert.That(H265SequenceParameterSet.TryParse(AnnexBNalUnits.Enumerate(stream).ToArrayOfType(33), out var parsed), Is.True);
        Assert.That($"{parsed.Width},{parsed.Height}", Is.EqualTo(probe));
        Assert.That(HevcDecoderConfigurationRecord.TryCreateFromAnnexB(stream, out var record), Is.True);
        Assert.That((record[0], record[1] & 0x1F, record[12], record[16] & 3, record[22]), Is.EqualTo((1, parsed.ProfileIdc, parsed.LevelIdc, parsed.ChromaFormatIdc, 3)));
        Assert.That(HevcDecoderConfigurationRecord.TryGetPictureSize(record, out var width, out var height), Is.True);
        Assert.That($"{width},{height}", Is.EqualTo(probe));
        var spsEnd = record.Length - 5 - AnnexBNalUnits.Enumerate(stream).ToArrayOfType(34).Length;
        for (var length = 0; length < spsEnd; length++)
        {
            Assert.That(HevcDecoderConfigurationRecord.TryGetPictureSize(record.AsSpan(0, length), out _, out _), Is.False, $"cut at {length}");
        }
    }

    [Test]
    public void Sps_with_scaling_lists_reads_the_chroma_format_and_bit_depth()
    {
        ExternalTool.Require("ffmpeg");
        var stream = OracleInputs.EncodeH264(_directory, "176x144", seconds: 1, extra: "-pix_fmt yuv444p10le -x264opts cqm=jvt");
        Assert.That(H264SequenceParameterSet.TryParse(FirstNal(stream, 7), out var parsed), Is.True);
        Assert.That((parsed.ProfileIdc, parsed.ChromaFormatIdc, parsed.BitDepthLuma, parsed.Width, parsed.Height), Is.EqualTo((244, 3, 10, 176, 144)));
    }

    [Test]
    public void Emulation_prevention_bytes_are_skipped_when_reading_bits()
    {
        // A baseline SPS for 320x240. Bits after level: ue(0)=1, ue(0)=1 (log2_max_frame_num), ue(2)=011 (poc type 2),
        // ue(1)=010 (refs), 0 (gaps), ue(19)=000010100 (width 20 MBs), ue(14)=0001111 (height 15 MBs),
        // 1 (frame_mbs_only), 1 (direct8x8), 0 (no crop), 0 (vui), 1 (stop bit).
        var bits = "1" + "1" + "011" + "010" + "0" + "000010100" + "0001111" + "1" + "1" + "0" + "0" + "1";
        bits = bits.PadRight((bits.Length + 7) / 8 * 8, '0');
        var payload = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        // Compat 0 and level 0 make two zero bytes, so an encoder must insert 03 before the payload.
        byte[] withEmulation = [0x67, 66, 0, 0, 3, .. payload];
        Assert.That(H264SequenceParameterSet.TryParse(withEmulation, out var parsed), Is.True);
        Assert.That((parsed.ProfileIdc, parsed.LevelIdc, parsed.Width, parsed.Height), Is.EqualTo((66, 0, 320, 240)));

        // Without the skip, the 03 would be read as the first payload bits and the size would differ.
        Assert.That(H264SequenceParameterSet.TryParse([0x67, 66, 0, 0, .. payload], out var plain), Is.True);
        Assert.That((plain.Width, plain.Height), Is.EqualTo((320, 240)));
    }

    [Test]
    public void AnnexB_and_AVCC_convert_both_ways()
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 4, 5, 6, 0];
        var avcc = AnnexBNalUnits.ConvertToAvcc(annexB);

        Assert.That(Convert.ToHexString(avcc), Is.EqualTo("00000003670102" + "000000026803" + "00000004" + "65040506"));
        var back = new byte[avcc.Length];
        Assert.That(AnnexBNalUnits.TryConvertToAnnexB(avcc, back), Is.True);
        Assert.That(Convert.ToHexString(back), Is.EqualTo("00000001670102" + "000000016803" + "00000001" + "65040506"));
        Assert.That(AnnexBNalUnits.TryConvertToAnnexB([0, 0, 0, 9, 1], new byte[5]), Is.False);
        Assert.That(AnnexBNalUnits.ContainsH264Idr(annexB), Is.True);
    }

    [Test]
    public void Decoder_configuration_record_holds_profile_level_sps_and_pps()
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0xAA, 0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80];
        Assert.That(AvcDecoderConfigurationRecord.TryCreateFromAnnexB(annexB, out var record), Is.True);

        Assert.That(Convert.ToHexString(record), Is.EqualTo("0142C01EFFE1" + "0005" + "6742C01EAA" + "01" + "0004" + "68CE3C80"));
        Assert.That(AvcDecoderConfigurationRecord.TryGetParameterSets(record, out var sps, out var pps), Is.True);
        Assert.That(Convert.ToHexString(sps) + "/" + Convert.ToHexString(pps), Is.EqualTo("6742C01EAA/68CE3C80"));
        Assert.That(AvcDecoderConfigurationRecord.TryCreateFromAnnexB([0, 0, 1, 0x65, 1], out _), Is.False);
    }

    [TestCase(2, 44100, 2, "1210")]
    [TestCase(2, 48000, 2, "1190")]
    [TestCase(2, 8000, 1, "1588")]
    [TestCase(5, 24000, 2, "2B10")]
    [TestCase(2, 50000, 1, "178061A808")]
    public void AudioSpecificConfig_packs_object_type_rate_and_channels(int objectType, int rate, int channels, string hex) =>
        Assert.That(Convert.ToHexString(AacAudioSpecificConfig.Create(objectType, rate, channels)), Is.EqualTo(hex));

    [TestCase(2, 44100, 2)]
    [TestCase(2, 48000, 1)]
    [TestCase(5, 24000, 2)]
    [TestCase(2, 50000, 1)]
    [TestCase(42, 16000, 6)]
    public void AudioSpecificConfig_reads_back_what_it_packs(int objectType, int rate, int channels)
    {
        var config = AacAudioSpecificConfig.Create(objectType, rate, channels);

        Assert.That(AacAudioSpecificConfig.TryParse(config, out var readType, out var readRate, out var readChannels), Is.True);
        Assert.That((readType, readRate, readChannels), Is.EqualTo((objectType, rate, channels)));
        Assert.That(AacAudioSpecificConfig.TryParse(config.AsSpan(0, 1), out _, out _, out _), Is.False);
    }

    [Test]
    public void An_AudioSpecificConfig_with_a_reserved_frequency_index_is_refused() =>
        Assert.That(AacAudioSpecificConfig.TryParse([0x16, 0x90], out _, out _, out _), Is.False);

    [Test]
    public void AudioSpecificConfig_matches_what_ffmpeg_writes_for_its_aac_encoder()
    {
        ExternalTool.Require("ffmpeg");
        var adts = OracleInputs.SplitAdts(OracleInputs.EncodeAac(_directory, seconds: 1));
        var header = adts[0].Header;
        var mkv = Path.Combine(_directory, "aac.mkv");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "1", "-c:a", "aac", "-y", mkv);
        var extradata = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=extradata", "-show_data", "-of", "default=nw=1", mkv).StandardOutput;

        var config = Convert.ToHexString(AacAudioSpecificConfig.Create(header.ObjectType, header.SampleRate, header.Channels)).ToLowerInvariant();
        Assert.That((header.ObjectType, header.SampleRate, header.Channels), Is.EqualTo((2, 48000, 1)));
        Assert.That(extradata.Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain(config));
    }

    private static byte[] FirstNal(byte[] annexB, int type)
    {
        foreach (var nal in AnnexBNalUnits.Enumerate(annexB))
        {
            if (AnnexBNalUnits.GetH264NalType(nal) == type)
            {
                return nal.ToArray();
            }
        }

        Assert.Fail($"No NAL unit of type {type}.");
        return [];
    }
}
