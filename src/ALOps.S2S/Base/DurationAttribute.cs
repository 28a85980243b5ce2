using System;
using System.Globalization;
using System.Management.Automation;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// A duration parameter as PowerShell users mean it: a number is seconds (as Wait-Job -Timeout), a TimeSpan or a
    /// string such as '00:02:00' is taken as it is. Without this, PowerShell reads 3 as 3 ticks and '120' as 120 days.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan timeSpan:
                    return timeSpan;
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                case float _: case double _: case decimal _:
                    return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), value);
                case string text:
                    var trimmed = text.Trim();
                    if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return FromSeconds(seconds, text);
                    if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is not a duration: give a number of seconds (900), a time span string ('00:15:00') or a TimeSpan (New-TimeSpan -Minutes 15).");
                default:
                    return inputData; // PowerShell's own conversion, and its error, apply
            }
        }

        private static TimeSpan FromSeconds(double seconds, object given)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                throw new ArgumentTransformationMetadataException($"'{given}' seconds is not a duration PowerShell can hold.");
            return TimeSpan.FromSeconds(seconds);
        }
    }
}
