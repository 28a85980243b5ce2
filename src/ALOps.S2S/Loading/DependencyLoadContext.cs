#if NET
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    /// The same goes for the BCL polyfills in <see cref="s_platformPolyfills"/> when the host lists them among its
    /// trusted platform assemblies (pwsh ships Microsoft.Bcl.AsyncInterfaces as a facade that forwards
    /// <c>IAsyncEnumerable</c>/<c>IAsyncDisposable</c> to the runtime; the netstandard2.0 copy defines its own, so
    /// e.g. Azure.Core's <c>await using</c> on the runtime's <c>Utf8JsonWriter</c> would fail with it).
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal const string ContextName = "ALOps.S2S";

        /// <summary>Polyfill packages whose runtime-provided (type-forwarding) copy must win when the host has one.</summary>
        private static readonly string[] s_platformPolyfills = { "Microsoft.Bcl.AsyncInterfaces" };

        private static readonly Lazy<DependencyLoadContext> s_instance =
            new Lazy<DependencyLoadContext>(() => new DependencyLoadContext(ModuleLayout.DependenciesDirectory));

        private readonly string _directory;
        private readonly string? _readyToRunDirectory;
        private readonly string _frameworkDirectory;
        private readonly Lazy<HashSet<string>> _trustedPlatformNames = new Lazy<HashSet<string>>(ReadTrustedPlatformNames);
        private readonly ConcurrentDictionary<string, bool> _platformProvides =
            new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        private DependencyLoadContext(string directory)
            : base(ContextName, isCollectible: false)
        {
            _directory = directory;
            _readyToRunDirectory = ModuleLayout.ReadyToRunDirectory(directory);
            _frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;

            // Last resort: the default context could not bind a framework-provided name (e.g. a dependency asks
            // for a newer System.Text.Json than this runtime has); then our own copy is better than a failure.
            Resolving += OnResolvingFallback;
        }

        internal static DependencyLoadContext Instance => s_instance.Value;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? path = FindInDependencies(assemblyName);
            if (path == null || IsProvidedByPlatform(assemblyName.Name!))
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

            // The copy whose code is compiled ahead for this platform when there is one: the same assembly, less JIT.
            if (_readyToRunDirectory != null)
            {
                string compiled = Path.Combine(_readyToRunDirectory, name + ".dll");
                if (File.Exists(compiled)) return compiled;
            }

            string path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? path : null;
        }

        private bool IsProvidedByPlatform(string name) =>
            _platformProvides.GetOrAdd(
                name,
                n => (_frameworkDirectory.Length > 0 && File.Exists(Path.Combine(_frameworkDirectory, n + ".dll")))
                    || (Array.IndexOf(s_platformPolyfills, n) >= 0 && _trustedPlatformNames.Value.Contains(n)));

        private static HashSet<string> ReadTrustedPlatformNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (string entry in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                {
                    names.Add(Path.GetFileNameWithoutExtension(entry));
                }
            }

            return names;
        }
    }
}
#endif
