#if NET
using System;
using System.Reflection;
using System.Runtime.Loader;

namespace ALOps.S2S.Loading
{
    /// <summary>
    /// PowerShell 7: bridges the cmdlet assembly (default context) to ALOps.S2S.Core (our context). The
    /// default context's <c>Resolving</c> event is shared with every other module, so this handler answers
    /// for exactly one name, <c>ALOps.S2S.Core</c>, and never for MSAL, Graph or anything else; Core's own
    /// references are then resolved by <see cref="DependencyLoadContext"/>, before any other handler runs.
    /// </summary>
    internal static class CoreDependencyResolver
    {
        private static readonly object s_gate = new object();
        private static bool s_registered;

        internal static void Register()
        {
            lock (s_gate)
            {
                if (!s_registered)
                {
                    AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
                    s_registered = true;
                }
            }
        }

        internal static void Unregister()
        {
            lock (s_gate)
            {
                if (s_registered)
                {
                    AssemblyLoadContext.Default.Resolving -= OnDefaultResolving;
                    s_registered = false;
                }
            }
        }

        private static Assembly? OnDefaultResolving(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            if (!string.Equals(assemblyName.Name, ModuleLayout.CoreAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return DependencyLoadContext.Instance.LoadFromAssemblyName(assemblyName);
        }
    }
}
#endif
