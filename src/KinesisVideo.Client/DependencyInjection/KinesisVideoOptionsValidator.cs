using KinesisVideo.Client.Runtime;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// Checks one registration's options with the same rules a client applies when it is created, so
/// that a bad setting fails the application at start-up (<c>ValidateOnStart</c>) rather than at the
/// first call; the message names the configuration key to fix (<c>KinesisVideo:AttemptTimeout</c>),
/// or the options property when the registration has no configuration.
/// </summary>
internal sealed class KinesisVideoOptionsValidator(KinesisVideoRegistration registration) : IValidateOptions<KinesisVideoClientOptions>
{
    public ValidateOptionsResult Validate(string? name, KinesisVideoClientOptions options)
    {
        if ((name ?? Options.DefaultName) != registration.OptionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            options.Validate();
            _ = options.ResolveEndpoint();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException invalid)
        {
            var key = registration.KeyOf(invalid.ParamName);
            var message = invalid.Message;
            var suffix = $" (Parameter '{invalid.ParamName}')";
            if (invalid.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }

            return ValidateOptionsResult.Fail($"{key}: {message}");
        }
    }
}
