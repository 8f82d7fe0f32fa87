using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// Tags: the stream-only operations (TagStream, UntagStream, ListTagsForStream) and the ones that take
/// any resource's ARN, stream or signaling channel (TagResource, UntagResource, ListTagsForResource).
/// </summary>
internal static class TagOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["TagStream"] = context => StreamOperations.Resolve(context).Tags.Apply(context.Input.StringMap("Tags")),
        ["UntagStream"] = context => StreamOperations.Resolve(context).Tags.Remove(context.Input.Array("TagKeyList").Select(k => k.GetString()!)),
        ["ListTagsForStream"] = context => context.Output.WriteStringMap("Tags", StreamOperations.Resolve(context).Tags.Items),
        ["TagResource"] = context => TagsOf(context).Apply(context.Input.TagList("Tags")),
        ["UntagResource"] = context => TagsOf(context).Remove(context.Input.Array("TagKeyList").Select(k => k.GetString()!)),
        ["ListTagsForResource"] = context => context.Output.WriteStringMap("Tags", TagsOf(context).Items),
    };

    private static TagSet TagsOf(OperationContext context)
    {
        var arn = context.Input.String("ResourceARN")!;
        return context.State.Streams.FindByArn(arn)?.Tags
            ?? context.State.Channels.FindByArn(arn)?.Tags
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The resource {arn} is not found.");
    }
}
