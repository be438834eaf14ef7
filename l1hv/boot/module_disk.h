/* SPDX-License-Identifier: MIT */
/* Reading the modules mkrom left on the module disk (common/module_disk.h). */
#ifndef L1HV_BOOT_MODULE_DISK_H
#define L1HV_BOOT_MODULE_DISK_H

#include <stdint.h>

/* Reads every piece the table at table_gpa lists into place and checks
 * its sum; returns how many, or -1 with *why naming what failed. */
int module_disk_load(uint64_t table_gpa, const char **why);

#endif
