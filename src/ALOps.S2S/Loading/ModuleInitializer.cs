using System.Management.Automation;

namespace ALOps.S2S.Loading
{
    /// <summary>
    /// Hooks dependency isolation when PowerShell imports the module and unhooks it on <c>Remove-Module</c>.
    /// PowerShell 7 (net8.0 build): a private load context bridged through the name <c>ALOps.S2S.Core</c>.
    /// Windows PowerShell 5.1 (net472 build): a scoped <c>AppDomain.AssemblyResolve</c> handler.
    /// Nothing is loaded here: MSAL and Graph load on first use, not at import.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <inheritdoc />
        public void OnImport()
        {
#if NET
            CoreDependencyResolver.Register();
#else
            DesktopDependencyResolver.Register();
#endif
        }

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
#if NET
            CoreDependencyResolver.Unregister();
#else
            DesktopDependencyResolver.Unregister();
#endif
        }
    }
}
