namespace KinesisVideo.Emulator.Protocol;

/// <summary>
/// An error the emulator answers with, as the service would: the error code (the shape name in the
/// API model, sent in <c>x-amzn-ErrorType</c>), the message, and the HTTP status the model gives that code.
/// Operations throw it; the request pipeline turns it into the response.
/// </summary>
internal sealed class ServiceErrorException : Exception
{
    public ServiceErrorException(string code, string message)
        : this(code, message, ErrorCodes.StatusOf(code))
    {
    }

    public ServiceErrorException(string code, string message, int statusCode)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    public ServiceErrorException()
        : this(ErrorCodes.InternalFailure, "Internal failure.")
    {
    }

    public ServiceErrorException(string message)
        : this(ErrorCodes.InternalFailure, message)
    {
    }

    public ServiceErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.InternalFailure;
        StatusCode = 500;
    }

    public string Code { get; }

    public int StatusCode { get; }
}
