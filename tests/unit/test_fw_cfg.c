/* SPDX-License-Identifier: MIT */
/* QEMU's fw_cfg, traditional interface (l1hv/vdev/fw_cfg.c). */
#include <string.h>

#include "common/le_bytes.h"
#include "l1hv/vdev/fw_cfg.h"
#include "testlib.h"

static struct fw_cfg f;

static void sel(uint16_t s)
{
	CHECK(fw_cfg_port_write(&f, FW_CFG_PORT_SEL, 2, s));
}

static void rd(uint8_t *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = 0x1234;
		CHECK(fw_cfg_port_read(&f, FW_CFG_PORT_DATA, 1, &v));
		CHECK(v <= 0xff);
		buf[i] = (uint8_t)v;
	}
}

static uint64_t be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

TEST(fixed_items_as_qemu_offers_them)
{
	uint8_t b[16];

	fw_cfg_reset(&f, 96ull << 20, 2, 4);
	sel(FW_CFG_SIGNATURE);
	rd(b, 4);
	CHECK(!memcmp(b, "QEMU", 4));
	sel(FW_CFG_ID);
	rd(b, 4);
	CHECK_EQ(le_load(b, 4), FW_CFG_ID_TRADITIONAL);    /* no DMA interface */
	sel(FW_CFG_RAM_SIZE);
	rd(b, 8);
	CHECK_EQ(le_load(b, 8), 96ull << 20);
	sel(FW_CFG_NB_CPUS);
	rd(b, 2);
	CHECK_EQ(le_load(b, 2), 2u);
	sel(FW_CFG_MAX_CPUS);
	rd(b, 2);
	CHECK_EQ(le_load(b, 2), 4u);
	/* Past the end, and an item that does not exist: zeros. */
	rd(b, 3);
	CHECK(!b[0] && !b[1] && !b[2]);
	sel(0x7777);
	rd(b, 4);
	CHECK(!b[0] && !b[3]);
}

TEST(selecting_rewinds_and_byte_selector_writes_work)
{
	uint8_t b[4];

	fw_cfg_reset(&f, 0, 1, 1);
	sel(FW_CFG_SIGNATURE);
	rd(b, 2);
	sel(FW_CFG_SIGNATURE);
	rd(b, 4);
	CHECK(!memcmp(b, "QEMU", 4));
	CHECK(fw_cfg_port_write(&f, FW_CFG_PORT_SEL, 1, 0x100 | FW_CFG_SIGNATURE));
	rd(b, 1);
	CHECK_EQ(b[0], 'Q');
	/* The write bit selects the same item; data writes change nothing. */
	sel(FW_CFG_WRITE_BIT | FW_CFG_SIGNATURE);
	CHECK(fw_cfg_port_write(&f, FW_CFG_PORT_DATA, 1, 'X'));
	sel(FW_CFG_SIGNATURE);
	rd(b, 1);
	CHECK_EQ(b[0], 'Q');
}

TEST(file_directory_lists_files_big_endian)
{
	static const uint8_t e820[40] = { 1, 2, 3 };
	static const char msg[] = "hello";
	uint8_t b[4 + 2 * FW_CFG_DIR_ENTRY], d[40];

	fw_cfg_reset(&f, 0, 1, 1);
	CHECK_EQ(fw_cfg_add_file(&f, "etc/e820", e820, sizeof(e820)), FW_CFG_FILE_FIRST);
	CHECK_EQ(fw_cfg_add_file(&f, "opt/nestlab/msg", msg, 5), FW_CFG_FILE_FIRST + 1);
	sel(FW_CFG_FILE_DIR);
	rd(b, sizeof(b));
	CHECK_EQ(be(b, 4), 2u);
	CHECK_EQ(be(b + 4, 4), 40u);
	CHECK_EQ(be(b + 8, 2), (uint64_t)FW_CFG_FILE_FIRST);
	CHECK(!strcmp((const char *)b + 12, "etc/e820"));
	CHECK_EQ(be(b + 4 + FW_CFG_DIR_ENTRY, 4), 5u);
	CHECK_EQ(be(b + 8 + FW_CFG_DIR_ENTRY, 2), (uint64_t)FW_CFG_FILE_FIRST + 1);
	CHECK(!strcmp((const char *)b + 12 + FW_CFG_DIR_ENTRY, "opt/nestlab/msg"));
	sel(FW_CFG_FILE_FIRST);
	rd(d, 40);
	CHECK(!memcmp(d, e820, 40));
	sel(FW_CFG_FILE_FIRST + 1);
	rd(d, 6);
	CHECK(!memcmp(d, "hello", 5) && d[5] == 0);
}

TEST(refuses_overlong_names_and_a_full_directory)
{
	char longname[FW_CFG_NAME_MAX + 1];
	static const uint8_t x = 7;

	fw_cfg_reset(&f, 0, 1, 1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK_EQ(fw_cfg_add_file(&f, longname, &x, 1), -1);
	longname[FW_CFG_NAME_MAX - 1] = 0;                    /* 55 characters fit */
	CHECK_EQ(fw_cfg_add_file(&f, longname, &x, 1), FW_CFG_FILE_FIRST);
	CHECK_EQ(fw_cfg_add_file(&f, "", &x, 1), -1);
	for (int i = 1; i < FW_CFG_MAX_FILES; i++)
		CHECK(fw_cfg_add_file(&f, "f", &x, 1) > 0);
	CHECK_EQ(fw_cfg_add_file(&f, "f", &x, 1), -1);
	/* Only the two ports, at their sizes. */
	uint32_t v;
	CHECK(!fw_cfg_port_read(&f, FW_CFG_PORT_DATA, 2, &v));
	CHECK(!fw_cfg_port_read(&f, 0x512, 1, &v));
	CHECK(!fw_cfg_port_write(&f, FW_CFG_PORT_SEL, 4, 0));
}
