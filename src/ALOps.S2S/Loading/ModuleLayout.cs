using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ALOps.S2S.Loading
{
    /// <summary>
    /// Where the module's parts live. The built module is
    /// <c>ALOps.S2S/{Core|Desktop}/ALOps.S2S.dll</c> next to <c>ALOps.S2S/dependencies/</c>, which holds
    /// ALOps.S2S.Core and every third-party assembly (one netstandard2.0 set for both editions).
    /// </summary>
    internal static class ModuleLayout
    {
        /// <summary>Simple name of the engine assembly: the only name the default context is ever answered for.</summary>
        internal const string CoreAssemblyName = "ALOps.S2S.Core";

        /// <summary>Name of the folder that holds the engine and its dependencies.</summary>
        internal const string DependenciesFolderName = "dependencies";

        /// <summary>
        /// Folder under <c>dependencies/</c> with copies of some of its assemblies whose code is compiled ahead
        /// (ReadyToRun) for one platform: <c>readytorun/linux-x64/</c>, <c>readytorun/win-x64/</c>. PowerShell 7 only.
        /// </summary>
        internal const string ReadyToRunFolderName = "readytorun";

        private static readonly Lazy<string> s_dependenciesDirectory = new Lazy<string>(FindDependenciesDirectory);

        /// <summary>Folder of the cmdlet assembly (<c>Core/</c> or <c>Desktop/</c> in the built module).</summary>
        internal static string CmdletAssemblyDirectory =>
            Path.GetDirectoryName(typeof(ModuleLayout).Assembly.Location) ?? string.Empty;

        /// <summary>Absolute path of <c>dependencies/</c>; it may not exist (then nothing is served from it).</summary>
        internal static string DependenciesDirectory => s_dependenciesDirectory.Value;

        private static string FindDependenciesDirectory()
        {
            string cmdletDirectory = CmdletAssemblyDirectory;
            string? moduleRoot = Path.GetDirectoryName(cmdletDirectory);

            // Built module: <root>/Core/ALOps.S2S.dll and <root>/dependencies/.
            if (!string.IsNullOrEmpty(moduleRoot))
            {
                string besideEditionFolder = Path.Combine(moduleRoot, DependenciesFolderName);
                if (Directory.Exists(besideEditionFolder))
                {
                    return Path.GetFullPath(besideEditionFolder);
                }
            }

            // Flat layout (e.g. a developer's output folder with a dependencies/ subfolder).
            return Path.GetFullPath(Path.Combine(cmdletDirectory, DependenciesFolderName));
        }

        /// <summary>The <see cref="ReadyToRunFolderName"/> folder of this process's platform, when the module has one.</summary>
        internal static string? ReadyToRunDirectory(string dependenciesDirectory)
        {
            string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : null;
            string? arch = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "x64"
                : RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64"
                : null;
            if (os == null || arch == null) return null;
            string folder = Path.Combine(dependenciesDirectory, ReadyToRunFolderName, os + "-" + arch);
            return Directory.Exists(folder) ? folder : null;
        }

        /// <summary>Whether <paramref name="path"/> names a file directly inside <c>dependencies/</c>.</summary>
        internal static bool IsInDependenciesDirectory(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return false;
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            return directory != null
                && string.Equals(
                    directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                    DependenciesDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                    PathComparison);
        }

        /// <summary>Path comparison that matches the file system's usual case rules.</summary>
        internal static StringComparison PathComparison =>
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }
}
