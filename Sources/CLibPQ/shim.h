#ifndef NSBACKUP_CLIBPQ_SHIM_H
#define NSBACKUP_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <libpq/libpq-fs.h>   /* INV_READ / INV_WRITE for large objects */
#endif
