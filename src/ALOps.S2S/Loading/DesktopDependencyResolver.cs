#if NETFRAMEWORK
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace ALOps.S2S.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1: a scoped <c>AppDomain.AssemblyResolve</c> handler. .NET Framework has no load
    /// contexts, so the best available isolation is to answer only (a) for assemblies that exist in
    /// <c>dependencies/</c>, (b) when the request comes from our own assemblies (or from an unknown requester),
    /// and (c) when our copy has the requested public key token and at least the requested version (what a
    /// binding redirect would do). Everything else is left to the framework and to other modules' handlers.
    /// Loaded with <c>LoadFrom</c> (never <c>LoadFile</c>) and cached.
    /// </summary>
    internal static class DesktopDependencyResolver
    {
        private static readonly object s_gate = new object();
        private static readonly Lazy<Dictionary<string, Candidate>> s_candidates =
            new Lazy<Dictionary<string, Candidate>>(ScanDependencies);
        private static readonly ConcurrentDictionary<string, Assembly> s_loaded =
            new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static bool s_registered;

        internal static void Register()
        {
            lock (s_gate)
            {
                if (!s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
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
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    s_registered = false;
                }
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName requested;
            try
            {
                requested = new AssemblyName(args.Name);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null;
            }

            if (requested.Name == null
                || !s_candidates.Value.TryGetValue(requested.Name, out Candidate candidate)
                || !IsOurs(args.RequestingAssembly)
                || !Satisfies(candidate.Name, requested))
            {
                return null;
            }

            return s_loaded.GetOrAdd(candidate.Name.Name!, _ => Assembly.LoadFrom(candidate.Path));
        }

        /// <summary>The cmdlet assembly, anything loaded from <c>dependencies/</c>, or an unknown requester.</summary>
        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting == null || requesting == typeof(DesktopDependencyResolver).Assembly)
            {
                return true;
            }

            if (requesting.IsDynamic)
            {
                return false;
            }

            try
            {
                return ModuleLayout.IsInDependenciesDirectory(requesting.Location);
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }

        private static bool Satisfies(AssemblyName ours, AssemblyName requested)
        {
            byte[]? requestedToken = requested.GetPublicKeyToken();
            if (requestedToken != null && requestedToken.Length > 0)
            {
                byte[]? ourToken = ours.GetPublicKeyToken();
                if (ourToken == null || !TokensEqual(ourToken, requestedToken))
                {
                    return false;
                }
            }

            return requested.Version == null || (ours.Version != null && ours.Version >= requested.Version);
        }

        private static bool TokensEqual(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static Dictionary<string, Candidate> ScanDependencies()
        {
            var result = new Dictionary<string, Candidate>(StringComparer.OrdinalIgnoreCase);
            string directory = ModuleLayout.DependenciesDirectory;
            if (!Directory.Exists(directory))
            {
                return result;
            }

            foreach (string path in Directory.GetFiles(directory, "*.dll"))
            {
                try
                {
                    AssemblyName name = AssemblyName.GetAssemblyName(path);
                    if (name.Name != null)
                    {
                        result[name.Name] = new Candidate(name, path);
                    }
                }
                catch (Exception e) when (e is BadImageFormatException || e is FileLoadException || e is IOException)
                {
                    // not a managed assembly we can serve
                }
            }

            return result;
        }

        private readonly struct Candidate
        {
            internal Candidate(AssemblyName name, string path)
            {
                Name = name;
                Path = path;
            }

            internal AssemblyName Name { get; }

            internal string Path { get; }
        }
    }
}
#endif
