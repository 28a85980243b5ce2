#if NET
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace ALOps.S2S.Loading
{
    /// <summary>
    /// The module's private, non-collectible load context (PowerShell 7). It serves ALOps.S2S.Core and every
    /// third-party assembly from <c>dependencies/</c>, so our MSAL/Graph never collide with another module's
    /// copies in the default context. Assemblies the running shared framework provides (System.Memory,
    /// System.Text.Json, ...) are left to the default context: the netstandard-era copies in
    /// <c>dependencies/</c> exist for Windows PowerShell and would break type identity with the runtime's types.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal const string ContextName = "ALOps.S2S";

        private static readonly Lazy<DependencyLoadContext> s_instance =
            new Lazy<DependencyLoadContext>(() => new DependencyLoadContext(ModuleLayout.DependenciesDirectory));

        private readonly string _directory;
        private readonly string _frameworkDirectory;
        private readonly ConcurrentDictionary<string, bool> _frameworkProvides =
            new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        private DependencyLoadContext(string directory)
            : base(ContextName, isCollectible: false)
        {
            _directory = directory;
            _frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;

            // Last resort: the default context could not bind a framework-provided name (e.g. a dependency asks
            // for a newer System.Text.Json than this runtime has); then our own copy is better than a failure.
            Resolving += OnResolvingFallback;
        }

        internal static DependencyLoadContext Instance => s_instance.Value;

        /// <summary>Directory this context serves assemblies from.</summary>
        internal string Directory => _directory;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? path = FindInDependencies(assemblyName);
            if (path == null || IsProvidedByFramework(assemblyName.Name!))
            {
                return null; // the default context (shared framework, PSHOME) answers
            }

            return LoadFromAssemblyPath(path);
        }

        private Assembly? OnResolvingFallback(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            string? path = FindInDependencies(assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }

        private string? FindInDependencies(AssemblyName assemblyName)
        {
            string? name = assemblyName.Name;
            if (string.IsNullOrEmpty(name) || name!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                return null;
            }

            string path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? path : null;
        }

        private bool IsProvidedByFramework(string name) =>
            _frameworkProvides.GetOrAdd(
                name,
                n => _frameworkDirectory.Length > 0 && File.Exists(Path.Combine(_frameworkDirectory, n + ".dll")));
    }
}
#endif
