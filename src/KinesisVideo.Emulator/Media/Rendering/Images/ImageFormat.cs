namespace KinesisVideo.Emulator.Media.Rendering.Images;

/// <summary>What GetImages asked for: JPEG or PNG, the JPEG quality, and the output size (0 keeps the source's).</summary>
/// <param name="Png">True for PNG, false for JPEG.</param>
/// <param name="JpegQuality">1 (smallest) to 100 (best); 80 by default, as documented.</param>
/// <param name="Width">Output width; 0 keeps the aspect ratio of <paramref name="Height"/>, or the source's size.</param>
/// <param name="Height">Output height; 0 keeps the source's size.</param>
internal sealed record ImageFormat(bool Png, int JpegQuality, int Width, int Height)
{
    /// <summary>ffmpeg's mjpeg quantizer (2 best to 31 worst) for a quality of 1 to 100.</summary>
    public int Quantizer => (int)Math.Round(31 - ((JpegQuality - 1) * 29.0 / 99));
}
