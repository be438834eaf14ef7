/* SPDX-License-Identifier: MIT */
/* The PC's fixed ports without a device model: see legacy_ports.h. */
#include "l1hv/vdev/legacy_ports.h"

#define PORT_KBD_DATA   0x60
#define PORT_KBD_CMD    0x64
#define PORT_POST       0x80
#define PORT_SYSCTL_A   0x92
#define PORT_RESET_CTL  0xcf9
#define PORT_CFB        0xcfb

#define KBD_CMD_PULSE_RESET 0xfe
#define SYSCTL_A_A20        0x02
#define SYSCTL_A_RESET      0x01
#define RESET_CTL_CPU       0x04
#define RESET_CTL_BITS      0x0e

bool legacy_port_read(const struct legacy_ports *l, uint16_t port, unsigned size, uint32_t *v)
{
	if (size != 1)
		return false;
	switch (port) {
	case PORT_POST:      *v = 0xff; return true;
	case PORT_SYSCTL_A:  *v = SYSCTL_A_A20; return true;
	case PORT_KBD_CMD:   *v = 0; return true;
	case PORT_KBD_DATA:  *v = 0; return true;
	case PORT_RESET_CTL: *v = l->cf9; return true;
	case PORT_CFB:       *v = 0xff; return true;
	default:             return false;
	}
}

enum legacy_write legacy_port_write(struct legacy_ports *l, uint16_t port, unsigned size,
				    uint32_t v)
{
	if (size != 1)
		return LEGACY_NOT_MINE;
	switch (port) {
	case PORT_POST:
	case PORT_KBD_DATA:
	case PORT_CFB:
		return LEGACY_DONE;
	case PORT_SYSCTL_A:
		return (v & SYSCTL_A_RESET) ? LEGACY_RESET : LEGACY_DONE;
	case PORT_KBD_CMD:
		return (v & 0xff) == KBD_CMD_PULSE_RESET ? LEGACY_RESET : LEGACY_DONE;
	case PORT_RESET_CTL:
		l->cf9 = (uint8_t)(v & RESET_CTL_BITS);
		return (v & RESET_CTL_CPU) ? LEGACY_RESET : LEGACY_DONE;
	default:
		return LEGACY_NOT_MINE;
	}
}
