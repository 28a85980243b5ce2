namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>The bearer token is missing or not acceptable; each API answers it in its own error shape.</summary>
public sealed class BcTokenRejectedException(string reason) : Exception(reason);
