using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Faults;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>Faults set in-process (<c>emulator.Faults</c>) and over the admin endpoint (POST /_emulator/faults).</summary>
public class FaultInjectionTests : EmulatorTest
{
    [Test]
    public async Task Throttling_fails_the_next_N_calls_of_the_operation_with_ClientLimitExceeded_400_then_they_succeed()
    {
        await CreateStreamAsync("s");
        Kvs.Faults.ThrottleNext("DescribeStream", 3);

        for (var i = 0; i < 3; i++)
        {
            (await Caller.PostAsync("/describeStream", """{"StreamName":"s"}""")).Error(HttpStatusCode.BadRequest, "ClientLimitExceededException");
            (await Caller.PostAsync("/listStreams")).Ok();
        }

        (await Caller.PostAsync("/describeStream", """{"StreamName":"s"}""")).Ok();
    }

    [TestCase(500, "InternalFailure")]
    [TestCase(503, "ServiceUnavailableException")]
    public async Task Server_errors_fail_the_next_N_calls_with_the_status_asked_for(int status, string code)
    {
        Kvs.Faults.FailNext(EmulatorFaults.AnyOperation, 2, status);

        (await Caller.PostAsync("/listStreams")).Error((HttpStatusCode)status, code);
        (await Caller.PostAsync("/listSignalingChannels")).Error((HttpStatusCode)status, code);
        (await Caller.PostAsync("/listStreams")).Ok();
    }

    [Test]
    public async Task Faults_apply_only_to_authenticated_requests()
    {
        Kvs.Faults.ThrottleNext("ListStreams", 1);
        using var http = new HttpClient();
        using var content = new StringContent("{}", new MediaTypeHeaderValue("application/json"));

        using var unsigned = await http.PostAsync(new Uri(Kvs.ServiceUrl, "listStreams"), content);

        (await EmulatorResponse.ReadAsync(unsigned)).Error(HttpStatusCode.Forbidden, "MissingAuthenticationTokenException");
        (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.BadRequest, "ClientLimitExceededException");
    }

    [Test]
    public async Task Latency_holds_the_answer_until_the_emulator_clock_has_moved_that_far()
    {
        Kvs.Faults.AddLatency("ListStreams", TimeSpan.FromSeconds(2));

        var call = Caller.PostAsync("/listStreams");
        var delay = await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(call.IsCompleted, Is.False);
        Time.Advance(delay);

        (await call.WaitAsync(TimeSpan.FromSeconds(10))).Ok();
    }

    [Test]
    public async Task A_changed_data_endpoint_is_returned_by_GetDataEndpoint_and_the_old_one_stops_answering()
    {
        await CreateStreamAsync("s");
        var before = new Uri((await Caller.PostAsync("/getDataEndpoint", """{"StreamName":"s","APIName":"GET_MEDIA"}""")).Ok().String("DataEndpoint"));

        var moved = await Kvs.Faults.ChangeDataEndpointAsync();
        var after = new Uri((await Caller.PostAsync("/getDataEndpoint", """{"StreamName":"s","APIName":"GET_MEDIA"}""")).Ok().String("DataEndpoint"));

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.Not.EqualTo(before));
            Assert.That(after.Port, Is.EqualTo(moved.Port));
        });
        using var old = CallerFor(before);
        Assert.That(async () => await old.PostAsync("/getMedia", "{}"), Throws.InstanceOf<HttpRequestException>());
        using var current = CallerFor(after);
        (await current.PostAsync("/getMedia", "{}")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Expired_credentials_get_ExpiredToken_403_until_the_faults_are_reset()
    {
        Kvs.Faults.ExpireCredentials();

        var response = (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "ExpiredTokenException");
        Kvs.Faults.Reset();

        Assert.That(response.Message, Does.Contain("expired"));
        (await Caller.PostAsync("/listStreams")).Ok();
    }

    [Test]
    public async Task The_admin_endpoint_sets_throttling_server_errors_and_expired_credentials()
    {
        using var admin = new HttpClient { BaseAddress = Kvs.ServiceUrl };

        await PostFaultAsync(admin, """{"Fault":"Throttle","Operation":"ListStreams","Count":1}""");
        (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.BadRequest, "ClientLimitExceededException");
        (await Caller.PostAsync("/listStreams")).Ok();

        await PostFaultAsync(admin, """{"Fault":"ServerError","Operation":"ListStreams","Count":1,"StatusCode":503}""");
        (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException");

        await PostFaultAsync(admin, """{"Fault":"ExpireCredentials"}""");
        (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "ExpiredTokenException");
        await PostFaultAsync(admin, """{"Fault":"Reset"}""");
        (await Caller.PostAsync("/listStreams")).Ok();
    }

    [Test]
    public async Task The_admin_endpoint_moves_the_data_endpoint_and_lists_the_endpoints()
    {
        using var admin = new HttpClient { BaseAddress = Kvs.ServiceUrl };
        var before = Kvs.DataEndpoint;

        var moved = (await PostFaultAsync(admin, """{"Fault":"ChangeDataEndpoint"}""")).String("DataEndpoint");
        using var listed = await admin.GetAsync(new Uri("/_emulator/endpoints", UriKind.Relative));
        var endpoints = await EmulatorResponse.ReadAsync(listed);

        Assert.Multiple(() =>
        {
            Assert.That(new Uri(moved), Is.Not.EqualTo(before));
            Assert.That(endpoints.String("DataEndpoint"), Is.EqualTo(moved));
            Assert.That(endpoints.String("ServiceUrl"), Is.EqualTo(Kvs.ServiceUrl.ToString()));
            Assert.That(endpoints.String("Region"), Is.EqualTo("us-west-2"));
        });
    }

    [Test]
    public async Task The_admin_endpoint_refuses_an_unknown_fault()
    {
        using var admin = new HttpClient { BaseAddress = Kvs.ServiceUrl };
        using var content = new StringContent("""{"Fault":"Meteor"}""", Encoding.UTF8, "application/json");

        using var response = await admin.PostAsync(new Uri("/_emulator/faults", UriKind.Relative), content);

        (await EmulatorResponse.ReadAsync(response)).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [TestCase("""{"Fault":"PutMediaDropAfterBytes"}""", "Bytes")]
    [TestCase("""{"Fault":"PutMediaDropAfterBytes","Bytes":0}""", "bodyBytes")]
    [TestCase("""{"Fault":"GetMediaDropRandomly","Probability":2,"Seed":1}""", "probability")]
    [TestCase("""{"Fault":"PutMediaFailFragment","FragmentIndex":0,"ErrorId":1}""", "errorId")]
    public async Task The_admin_endpoint_refuses_a_media_fault_with_a_missing_or_out_of_range_member(string json, string member)
    {
        var response = (await AdminFaults.PostAsync(Kvs.ServiceUrl, json)).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");

        Assert.That(response.Message, Does.Contain(member));
    }

    private static async Task<EmulatorResponse> PostFaultAsync(HttpClient admin, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/_emulator/faults", UriKind.Relative), content);
        return (await EmulatorResponse.ReadAsync(response)).Ok();
    }
}
