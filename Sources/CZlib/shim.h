#ifndef NSBACKUP_CZLIB_SHIM_H
#define NSBACKUP_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 / inflateInit2 are macros Swift cannot import. */
static inline int nsb_deflateInit2(z_streamp strm, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, memLevel, strategy);
}
static inline int nsb_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
