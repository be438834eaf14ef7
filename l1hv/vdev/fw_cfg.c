/* SPDX-License-Identifier: MIT */
/* QEMU's fw_cfg, selector and data ports: see fw_cfg.h. */
#include "l1hv/vdev/fw_cfg.h"

#include <stddef.h>

#include "common/le_bytes.h"

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static uint32_t dir_size(const struct fw_cfg *f)
{
	return 4 + f->nfiles * FW_CFG_DIR_ENTRY;
}

void fw_cfg_reset(struct fw_cfg *f, uint64_t ram_size, uint16_t nb_cpus, uint16_t max_cpus)
{
	*f = (struct fw_cfg){ .ram_size = ram_size, .nb_cpus = nb_cpus, .max_cpus = max_cpus };
	put_be(f->dir, 0, 4);
}

int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size)
{
	size_t len = 0;
	uint8_t *e;

	while (name[len] && len < FW_CFG_NAME_MAX)
		len++;
	if (f->nfiles == FW_CFG_MAX_FILES || len == 0 || len >= FW_CFG_NAME_MAX)
		return -1;
	e = f->dir + dir_size(f);
	put_be(e, size, 4);
	put_be(e + 4, FW_CFG_FILE_FIRST + f->nfiles, 2);
	put_be(e + 6, 0, 2);
	for (size_t i = 0; i < FW_CFG_NAME_MAX; i++)
		e[8 + i] = i < len ? (uint8_t)name[i] : 0;
	f->file[f->nfiles] = (struct fw_cfg_file){ .data = data, .size = size };
	put_be(f->dir, ++f->nfiles, 4);
	return FW_CFG_FILE_FIRST + (int)f->nfiles - 1;
}

/* The selected item's bytes; size 0 for an item that does not exist. */
static const uint8_t *item(struct fw_cfg *f, uint32_t *size)
{
	uint16_t sel = f->selector & (uint16_t)~FW_CFG_WRITE_BIT;

	*size = 0;
	switch (sel) {
	case FW_CFG_SIGNATURE:
		*size = 4;
		return (const uint8_t *)"QEMU";
	case FW_CFG_ID:
		le_store(f->fixed, FW_CFG_ID_TRADITIONAL, 4);
		*size = 4;
		return f->fixed;
	case FW_CFG_RAM_SIZE:
		le_store(f->fixed, f->ram_size, 8);
		*size = 8;
		return f->fixed;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		le_store(f->fixed, sel == FW_CFG_NB_CPUS ? f->nb_cpus : f->max_cpus, 2);
		*size = 2;
		return f->fixed;
	case FW_CFG_FILE_DIR:
		*size = dir_size(f);
		return f->dir;
	default:
		if (sel >= FW_CFG_FILE_FIRST && (unsigned)(sel - FW_CFG_FILE_FIRST) < f->nfiles) {
			const struct fw_cfg_file *x = &f->file[sel - FW_CFG_FILE_FIRST];
			*size = x->size;
			return x->data;
		}
		return NULL;
	}
}

bool fw_cfg_port_read(struct fw_cfg *f, uint16_t port, unsigned size, uint32_t *v)
{
	uint32_t n;
	const uint8_t *p;

	if (port == FW_CFG_PORT_SEL) {
		/* QEMU's selector register reads 0 (it is write-only). */
		if (size != 1 && size != 2)
			return false;
		*v = 0;
		return true;
	}
	if (port != FW_CFG_PORT_DATA || size != 1)
		return false;
	p = item(f, &n);
	*v = f->offset < n ? p[f->offset] : 0;
	if (f->offset < n)
		f->offset++;
	return true;
}

bool fw_cfg_port_write(struct fw_cfg *f, uint16_t port, unsigned size, uint32_t v)
{
	if (port == FW_CFG_PORT_SEL && (size == 1 || size == 2)) {
		f->selector = (uint16_t)(size == 1 ? (v & 0xff) : (v & 0xffff));
		f->offset = 0;
		return true;
	}
	return port == FW_CFG_PORT_DATA && size == 1;    /* data writes: ignored */
}
