#ifndef NSBACKUP_CCRYPTO_SHIM_H
#define NSBACKUP_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#endif
