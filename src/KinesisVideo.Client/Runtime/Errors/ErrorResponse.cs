using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using KinesisVideo.Client.Runtime.Diagnostics;

namespace KinesisVideo.Client.Runtime.Errors;

/// <summary>
/// Turns an error response of the rest-json protocol into an exception. The code comes from the
/// <c>x-amzn-ErrorType</c> header (text after ':' dropped), else the body's <c>code</c> or
/// <c>__type</c> (text up to '#' dropped); the message from the body's <c>Message</c> or
/// <c>message</c>; the request id from <c>x-amzn-RequestId</c>.
/// </summary>
internal static class ErrorResponse
{
    // Error bodies are small; a larger one is not an error document, so only its head is read.
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxQuotedBodyChars = 256;

    public static async Task<KinesisVideoException> ReadAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await ReadHeadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        return Create(operation, response.StatusCode, response.ReasonPhrase, ResponseHeaders.ErrorType(response), ResponseHeaders.RequestId(response), body);
    }

    public static KinesisVideoException Create(string operation, HttpStatusCode statusCode, string? reasonPhrase, string? errorTypeHeader, string? requestId, ReadOnlySpan<byte> body)
    {
        var parsed = TryParseBody(body, out var bodyCode, out var bodyMessage);
        var code = CodeFromHeader(errorTypeHeader) ?? bodyCode;
        var message = SecretRedactor.Redact(bodyMessage);

        if (string.IsNullOrWhiteSpace(message))
        {
            message = Describe(operation, statusCode, reasonPhrase, code, parsed, body);
        }

        if (code is not null && ModeledErrorFactory.TryCreate(code, message, statusCode, requestId) is { } modeled)
        {
            return modeled;
        }

        return new KinesisVideoException(message, code, statusCode, requestId);
    }

    private static string Describe(string operation, HttpStatusCode statusCode, string? reasonPhrase, string? code, bool parsed, ReadOnlySpan<byte> body)
    {
        var status = $"{(int)statusCode} {reasonPhrase ?? statusCode.ToString()}".TrimEnd();
        if (body.IsEmpty)
        {
            return $"{operation} failed with HTTP {status}{(code is null ? "" : " (" + code + ")")} and an empty body.";
        }

        if (parsed)
        {
            return $"{operation} failed with HTTP {status}{(code is null ? "" : " (" + code + ")")}; the error body carried no message.";
        }

        var quoted = Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxQuotedBodyChars * 4)]);
        if (quoted.Length > MaxQuotedBodyChars)
        {
            quoted = quoted[..MaxQuotedBodyChars] + "...";
        }

        return $"{operation} failed with HTTP {status}{(code is null ? "" : " (" + code + ")")} and a body that is not a JSON error document: {SecretRedactor.Redact(quoted)}";
    }

    private static string? CodeFromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var colon = header.IndexOf(':', StringComparison.Ordinal);
        var code = (colon >= 0 ? header[..colon] : header).Trim();
        return code.Length == 0 ? null : code;
    }

    private static string? CodeFromBody(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // "aws.protocoltests.restjson#FooError:http://internal.amazon.com/..." → "FooError"
        var hash = value.LastIndexOf('#');
        var code = hash >= 0 ? value[(hash + 1)..] : value;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        code = (colon >= 0 ? code[..colon] : code).Trim();
        return code.Length == 0 ? null : code;
    }

    private static bool TryParseBody(ReadOnlySpan<byte> body, out string? code, out string? message)
    {
        code = null;
        message = null;
        if (body.IsEmpty)
        {
            return false;
        }

        string? type = null, codeMember = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
                switch (name)
                {
                    case "__type":
                        type = value;
                        break;
                    case "code":
                    case "Code":
                        codeMember = value;
                        break;
                    case "message":
                    case "Message":
                    case "errorMessage":
                        message ??= value;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        code = CodeFromBody(codeMember) ?? CodeFromBody(type);
        return true;
    }

    private static async Task<byte[]> ReadHeadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
            try
            {
                var length = 0;
                int read;
                while (length < MaxBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxBodyBytes - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return buffer[..length];
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
