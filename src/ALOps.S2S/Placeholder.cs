namespace ALOps.S2S { internal static class Placeholder {} }
