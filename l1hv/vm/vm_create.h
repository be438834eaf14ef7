/* SPDX-License-Identifier: MIT */
#ifndef L1HV_VM_CREATE_H
#define L1HV_VM_CREATE_H

#include "common/multiboot.h"
#include "l1hv/vm/vm.h"

/*
 * Creates one VM per top-level Multiboot module. A module string is
 *     [+]...PATH [name=NAME] [mem=SIZE] [-- GUEST ARGS]
 * and the modules right after it whose strings start with '+' become that
 * VM's own modules (with one '+' removed), so a guest hypervisor receives
 * its guests the same way. The guest's command line is "NAME GUEST ARGS".
 * A VM whose image or options are bad is created in VM_STOPPED with the
 * reason; the others still run.
 */
void vm_create_all(const struct multiboot_info *mbi);

#endif
