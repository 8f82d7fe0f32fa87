using System.Globalization;
using System.Numerics;

namespace KinesisVideo.Emulator.Media.Storage;

/// <summary>
/// Fragment numbers as the service writes them: decimal strings of 47 digits that increase with every
/// fragment the account ingests, so they compare as strings of equal length (clients must never parse
/// them into a long or a decimal, and a number of the real length catches a client that does).
/// Consecutive numbers are far apart, as on AWS, so a client cannot guess the next one.
/// </summary>
internal sealed class FragmentNumberGenerator
{
    // Real numbers start 9134385233…; the first emulated one is of the same length and shape.
    private static readonly BigInteger s_first = BigInteger.Parse("91343852333181432511524306419788296366724229586", CultureInfo.InvariantCulture);
    private static readonly BigInteger s_stride = BigInteger.Parse("4951760157141521099596496896", CultureInfo.InvariantCulture);

    private readonly Lock _gate = new();
    private BigInteger _next = s_first;

    /// <summary>The number of the next fragment; each call returns a larger one.</summary>
    public string Next()
    {
        lock (_gate)
        {
            var number = _next;
            _next += s_stride;
            return number.ToString(CultureInfo.InvariantCulture);
        }
    }
}
