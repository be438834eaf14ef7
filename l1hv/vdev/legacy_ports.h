/* SPDX-License-Identifier: MIT */
/*
 * The PC's small fixed ports that an operating system touches and that
 * need no device model (issue 11):
 *  - 0x80, the POST code port: writes are dropped and reads return FFH, in
 *    silence (Linux writes it for I/O delays);
 *  - 0x92, system control port A: bit 1 (A20) reads 1 and keeps no other
 *    value (A20 is always on in a VM), a write of bit 0 is a fast reset;
 *  - 0x64, the i8042 command port: command FEH pulses the reset line;
 *    status reads 0 (no data, input buffer empty), port 0x60 reads 0: no
 *    keyboard controller answers its self-test, so drivers give up on it;
 *  - 0xCF9, the reset control register: a write with bit 2 (reset CPU)
 *    set resets; it reads back bits 3:1 written last;
 *  - 0xCFB as a byte: not CONFIG_ADDRESS, which only dword accesses reach
 *    (PCI Local Bus 3.0 3.2.2.3.2); Linux's pci_check_type1 writes 01H
 *    there (the mechanism enable of old chipsets), so it is dropped in
 *    silence and reads FFH.
 * A reset request stops the VM with a report naming the port (l1hv does
 * not restart a VM).
 */
#ifndef L1HV_VDEV_LEGACY_PORTS_H
#define L1HV_VDEV_LEGACY_PORTS_H

#include <stdbool.h>
#include <stdint.h>

struct legacy_ports {
	uint8_t cf9;
};

enum legacy_write { LEGACY_NOT_MINE, LEGACY_DONE, LEGACY_RESET };

/* Byte accesses only: others are not these devices'. */
bool legacy_port_read(const struct legacy_ports *l, uint16_t port, unsigned size, uint32_t *v);
enum legacy_write legacy_port_write(struct legacy_ports *l, uint16_t port, unsigned size,
				    uint32_t v);

#endif
