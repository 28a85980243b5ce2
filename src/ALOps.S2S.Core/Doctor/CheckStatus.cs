namespace ALOps.S2S.Core.Doctor
{
    public enum CheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }
}
