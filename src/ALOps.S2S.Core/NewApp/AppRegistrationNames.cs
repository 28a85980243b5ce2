namespace ALOps.S2S.Core.NewApp
{
    /// <summary>Names the module derives for the objects it creates.</summary>
    public static class AppRegistrationNames
    {
        public static string FederatedNameFromSubject(string subject) => AppRegistrationValidation.NameFromSubject(subject);
    }
}
