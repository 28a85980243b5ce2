namespace ALOps.S2S.Models
{
    public enum S2SCheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
    }
}
