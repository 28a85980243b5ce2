namespace ALOps.S2S.Core { internal static class Placeholder {} }
