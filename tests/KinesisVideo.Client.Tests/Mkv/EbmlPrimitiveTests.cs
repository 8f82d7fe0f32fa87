using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Tests.Mkv;

public class EbmlPrimitiveTests
{
    [TestCase(0UL, "80")]
    [TestCase(1UL, "81")]
    [TestCase(126UL, "FE")]
    [TestCase(127UL, "407F")] // 0xFF would be "unknown", so 127 needs two bytes
    [TestCase(16382UL, "7FFE")]
    [TestCase(16383UL, "203FFF")]
    [TestCase(EbmlVarInt.MaxKnownSize, "01FFFFFFFFFFFFFE")]
    public void Sizes_take_their_shortest_form_and_read_back(ulong size, string hex)
    {
        var bytes = new byte[8];
        var length = EbmlVarInt.WriteSize(bytes, size);

        Assert.That(Convert.ToHexString(bytes, 0, length), Is.EqualTo(hex));
        Assert.That(EbmlVarInt.TryReadSize(bytes.AsSpan(0, length), out var read, out var readLength), Is.EqualTo(OperationStatus.Done));
        Assert.That((read, readLength), Is.EqualTo((size, length)));
    }

    [TestCase("FF", 1)]
    [TestCase("7FFF", 2)]
    [TestCase("01FFFFFFFFFFFFFF", 8)]
    public void All_value_bits_set_is_the_unknown_size(string hex, int length)
    {
        Assert.That(EbmlVarInt.TryReadSize(Convert.FromHexString(hex), out var size, out var read), Is.EqualTo(OperationStatus.Done));
        Assert.That((size, read), Is.EqualTo((EbmlVarInt.UnknownSize, length)));
        var written = new byte[8];
        Assert.That(EbmlVarInt.WriteSize(written, EbmlVarInt.UnknownSize, length), Is.EqualTo(length));
        Assert.That(Convert.ToHexString(written, 0, length), Is.EqualTo(hex));
    }

    [Test]
    public void A_size_can_be_written_wider_than_needed_but_not_narrower()
    {
        var bytes = new byte[8];
        Assert.That(EbmlVarInt.WriteSize(bytes, 5, 8), Is.EqualTo(8));
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("0100000000000005"));
        Assert.Throws<ArgumentOutOfRangeException>(() => EbmlVarInt.WriteSize(bytes, 300, 1));
    }

    [Test]
    public void Vints_report_need_more_data_and_invalid_first_bytes()
    {
        Assert.That(EbmlVarInt.TryReadSize([], out _, out _), Is.EqualTo(OperationStatus.NeedMoreData));
        Assert.That(EbmlVarInt.TryReadSize([0x40], out _, out _), Is.EqualTo(OperationStatus.NeedMoreData));
        Assert.That(EbmlVarInt.TryReadSize([0x00, 1, 2, 3, 4, 5, 6, 7, 8], out _, out _), Is.EqualTo(OperationStatus.InvalidData));
        Assert.That(EbmlVarInt.TryReadId([0x1A, 0x45, 0xDF], out _, out _), Is.EqualTo(OperationStatus.NeedMoreData));
        Assert.That(EbmlVarInt.TryReadId([0x08, 1, 2, 3, 4], out _, out _), Is.EqualTo(OperationStatus.InvalidData));
        Assert.That(EbmlVarInt.TryReadId([0x1A, 0x45, 0xDF, 0xA3], out var id, out var length), Is.EqualTo(OperationStatus.Done));
        Assert.That((id, length), Is.EqualTo((MkvElementIds.Ebml, 4)));
    }

    [Test]
    public void Values_round_trip_through_the_writer_and_the_decoders()
    {
        var output = new ArrayBufferWriter<byte>();
        output.WriteUnsigned(0x81, 0x1234);
        output.WriteSigned(0x82, -2);
        output.WriteSigned(0x83, 300);
        output.WriteFloat(0x84, 48000.5);
        output.WriteString(0x85, "héllo");
        output.WriteBinary(0x86, [1, 2, 3]);
        var date = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        output.WriteDate(0x87, date);

        Assert.That(Convert.ToHexString(output.WrittenSpan), Is.EqualTo(
            "81821234" + "8281FE" + "8382012C" + "8488" + Convert.ToHexString(BitConverter.GetBytes(48000.5).Reverse().ToArray())
            + "8586" + "68C3A96C6C6F" + "8683010203" + "8788" + ((date - new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks * 100).ToString("X16", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(EbmlValue.TryReadSigned([0xFE], out var signed) && signed == -2, Is.True);
        Assert.That(EbmlValue.TryReadUnsigned([0x12, 0x34], out var unsigned) && unsigned == 0x1234, Is.True);
        Assert.That(EbmlValue.TryReadDate(output.WrittenSpan[^8..], out var readDate) && readDate == date, Is.True);
        Assert.That(EbmlValue.TryReadFloat([0x47, 0x3B, 0x80, 0x00], out var single) && single == 48000, Is.True);
        Assert.That(EbmlValue.TryReadUnsigned(new byte[9], out _), Is.False);
    }
}
