/*
 * ProcessPrng, for a Wine that has no bcryptprimitives.dll (Debian 12's Wine
 * 8.0). Rust's standard library takes its random seeds from ProcessPrng in
 * bcryptprimitives.dll, which every Windows since 10 has; without the DLL
 * Wine refuses to start the program ("Library bcryptprimitives.dll ... not
 * found", exit status 53). scripts/wine builds this into the Wine prefix it
 * uses, and only when that Wine lacks the DLL. Never shipped: it exists so
 * that CI can run winddown.exe.
 *
 * The random bytes come from BCryptGenRandom with the system's preferred
 * generator, which Wine has. ProcessPrng always returns TRUE on Windows; here
 * a failure of the generator returns FALSE rather than bytes that are not
 * random.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        /* BCryptGenRandom takes a 32-bit length. */
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
