namespace ALOps.S2S.Core.Test
{
    public enum CheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }
}
