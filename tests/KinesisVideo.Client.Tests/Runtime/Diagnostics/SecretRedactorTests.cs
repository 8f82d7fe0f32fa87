using KinesisVideo.Client.Runtime.Diagnostics;

namespace KinesisVideo.Client.Tests.Runtime.Diagnostics;

public class SecretRedactorTests
{
    [TestCase("x-amz-security-token:FwoGZXIvYXdzEBAaDEXAMPLE\nhost:x", "x-amz-security-token:***\nhost:x")]
    [TestCase("https://b-1234.kinesisvideo.us-west-2.amazonaws.com/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=CiAbCdEf123&X-Amz-Signature=abcdef", "https://b-1234.kinesisvideo.us-west-2.amazonaws.com/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=***&X-Amz-Signature=***")]
    [TestCase("wss://v-1.kinesisvideo.us-west-2.amazonaws.com/?X-Amz-Security-Token=IQoJb3Jp%2Fabc&X-Amz-Credential=AKID%2F20261121", "wss://v-1.kinesisvideo.us-west-2.amazonaws.com/?X-Amz-Security-Token=***&X-Amz-Credential=AKID%2F20261121")]
    [TestCase("Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261121/us-west-2/kinesisvideo/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef", "Authorization:***")]
    [TestCase("Credential=AKID/x, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef", "Credential=AKID/x, SignedHeaders=host, Signature=***")]
    [TestCase("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG", "aws_secret_access_key=***")]
    public void Removes_credentials_in_every_form_they_travel(string text, string expected)
    {
        Assert.That(SecretRedactor.Redact(text), Is.EqualTo(expected));
    }

    [TestCase("The stream my-stream does not exist.")]
    [TestCase("")]
    [TestCase(null)]
    public void Leaves_text_without_credentials_alone(string? text)
    {
        Assert.That(SecretRedactor.Redact(text), Is.EqualTo(text));
    }
}
