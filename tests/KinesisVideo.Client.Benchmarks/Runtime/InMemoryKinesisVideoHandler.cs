using System.Net;
using System.Net.Http.Headers;

namespace KinesisVideo.Client.Benchmarks.Runtime;

/// <summary>
/// Answers every request from memory with a canned DescribeStream response, so a benchmark
/// measures the client's own work: no socket, no server. It reads the request body, as a server
/// would, so serialization and signing cannot be skipped by a lazy content.
/// </summary>
internal sealed class InMemoryKinesisVideoHandler : HttpMessageHandler
{
    private static readonly byte[] s_describeStream = """
        {"StreamInfo":{"CreationTime":1.700000000123E9,"DataRetentionInHours":24,
        "KmsKeyId":"arn:aws:kms:us-west-2:123456789012:alias/aws/kinesisvideo","MediaType":"video/h264",
        "Status":"ACTIVE","StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/bench/1700000000123",
        "StreamName":"bench","Version":"abcdefghijklmnopqrst"}}
        """u8.ToArray();

    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(s_describeStream),
        };
        response.Content.Headers.ContentType = s_json;
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000");
        return response;
    }
}
