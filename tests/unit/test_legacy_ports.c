/* SPDX-License-Identifier: MIT */
/* The PC's fixed ports without a device model (l1hv/vdev/legacy_ports.c). */
#include "l1hv/vdev/legacy_ports.h"
#include "testlib.h"

TEST(reads)
{
	struct legacy_ports l = { 0 };
	uint32_t v;

	CHECK(legacy_port_read(&l, 0x80, 1, &v) && v == 0xff);
	CHECK(legacy_port_read(&l, 0x92, 1, &v) && v == 0x02);
	CHECK(legacy_port_read(&l, 0x64, 1, &v) && v == 0);
	CHECK(!legacy_port_read(&l, 0x80, 2, &v));          /* byte ports */
	CHECK(!legacy_port_read(&l, 0x81, 1, &v));
	CHECK(legacy_port_read(&l, 0xcfb, 1, &v) && v == 0xff);
	CHECK_EQ(legacy_port_write(&l, 0xcfb, 1, 0x01), LEGACY_DONE);
	CHECK_EQ(legacy_port_write(&l, 0xcfb, 4, 0x01), LEGACY_NOT_MINE);
}

TEST(reset_requests)
{
	struct legacy_ports l = { 0 };
	uint32_t v;

	CHECK_EQ(legacy_port_write(&l, 0x80, 1, 0x42), LEGACY_DONE);
	CHECK_EQ(legacy_port_write(&l, 0x92, 1, 0x02), LEGACY_DONE);
	CHECK_EQ(legacy_port_write(&l, 0x92, 1, 0x03), LEGACY_RESET);
	CHECK_EQ(legacy_port_write(&l, 0x64, 1, 0xd1), LEGACY_DONE);
	CHECK_EQ(legacy_port_write(&l, 0x64, 1, 0xfe), LEGACY_RESET);
	CHECK_EQ(legacy_port_write(&l, 0xcf9, 1, 0x02), LEGACY_DONE);
	CHECK(legacy_port_read(&l, 0xcf9, 1, &v) && v == 0x02);
	CHECK_EQ(legacy_port_write(&l, 0xcf9, 1, 0x06), LEGACY_RESET);
	CHECK_EQ(legacy_port_write(&l, 0xcf9, 4, 0x06), LEGACY_NOT_MINE);
}
