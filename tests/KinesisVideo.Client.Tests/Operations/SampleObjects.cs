using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>
/// Builds a client model object from sample JSON by reflection, member by wire name, without the
/// client's serializer, so a wire test does not check the serializer against itself.
/// </summary>
internal static class SampleObjects
{
    public static object Build(Type type, JsonNode node)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var (name, value) in node.AsObject())
        {
            var property = type.GetProperties().Single(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name) == name);
            property.SetValue(instance, Convert(property.PropertyType, value!));
        }

        return instance;
    }

    private static object Convert(Type type, JsonNode node)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return node.GetValue<string>();
        }

        if (target == typeof(int))
        {
            return node.GetValue<long>() is var l ? (int)l : 0;
        }

        if (target == typeof(long))
        {
            return node.GetValue<long>();
        }

        if (target == typeof(double))
        {
            return node.GetValue<double>();
        }

        if (target == typeof(bool))
        {
            return node.GetValue<bool>();
        }

        if (target == typeof(DateTimeOffset))
        {
            var seconds = decimal.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        if (target == typeof(byte[]))
        {
            return System.Convert.FromBase64String(node.GetValue<string>());
        }

        if (target.IsValueType)
        {
            // An extensible enumeration: built from its wire string.
            return target.GetMethod("FromValue", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [node.GetValue<string>()])!;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(target)!;
            foreach (var item in node.AsArray())
            {
                list.Add(Convert(target.GetGenericArguments()[0], item!));
            }

            return list;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var map = (IDictionary)Activator.CreateInstance(target)!;
            foreach (var (key, value) in node.AsObject())
            {
                map.Add(Convert(target.GetGenericArguments()[0], JsonValue.Create(key)), Convert(target.GetGenericArguments()[1], value!));
            }

            return map;
        }

        return Build(target, node);
    }
}
