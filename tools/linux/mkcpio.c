/* SPDX-License-Identifier: MIT */
/*
 * mkcpio: writes a cpio archive in the "newc" format Linux unpacks as its
 * initramfs (Documentation/driver-api/early-userspace/buffer-format.rst),
 * from a list in the format of Linux's usr/gen_init_cpio:
 *
 *   # comment
 *   dir   <name> <mode> <uid> <gid>
 *   file  <name> <location> <mode> <uid> <gid>
 *   slink <name> <target> <mode> <uid> <gid>
 *   nod   <name> <mode> <uid> <gid> <c|b> <major> <minor>
 *
 * Why a writer of its own: the kernel opens /dev/console before it runs
 * /init, so the archive needs that device node, and only root may mknod
 * one for cpio(1) to pick up; here a node is just a header. Every entry
 * gets mtime 0 and a sequential inode, so the same list and files give the
 * same bytes. A parent directory must be listed before what it holds (the
 * kernel would otherwise skip the entry silently).
 *
 *   mkcpio LIST > archive.cpio      (LIST "-" reads standard input)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEWC_MAGIC  "070701"
#define LINE_MAX_LEN 4096
#define MAX_DIRS    256
#define FIRST_INO   721      /* as gen_init_cpio; any unique numbers do */

#define MODE_DIR    0040000u
#define MODE_REG    0100000u
#define MODE_LNK    0120000u
#define MODE_CHR    0020000u
#define MODE_BLK    0060000u
#define MODE_PERM   07777u

struct entry {
	const char *name;        /* without a leading '/' */
	uint32_t mode, uid, gid, nlink, rdev_major, rdev_minor;
	const void *data;
	uint32_t data_size;
};

static const char *list_path;
static unsigned line_no;
static uint32_t next_ino = FIRST_INO;
static uint64_t out_offset;
static char *dirs[MAX_DIRS];
static unsigned ndirs;

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkcpio: %s:%u: ", list_path, line_no);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void emit(const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, stdout) != n) {
		fprintf(stderr, "mkcpio: writing the archive: %s\n", strerror(errno));
		exit(1);
	}
	out_offset += n;
}

/* newc pads the name (after the 110-byte header) and the data to 4 bytes. */
static void pad4(void)
{
	static const char zeros[4];

	emit(zeros, (4 - (out_offset & 3)) & 3);
}

static void emit_entry(const struct entry *e)
{
	char hdr[111];
	size_t name_size = strlen(e->name) + 1;

	snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 NEWC_MAGIC, e->mode ? next_ino++ : 0u, e->mode, e->uid, e->gid, e->nlink,
		 0u /* mtime */, e->data_size, 0u, 0u /* dev */, e->rdev_major, e->rdev_minor,
		 (unsigned)name_size, 0u /* check: unused by newc */);
	emit(hdr, 110);
	emit(e->name, name_size);
	pad4();
	emit(e->data, e->data_size);
	pad4();
}

static uint32_t parse_num(const char *s, int base, const char *what)
{
	char *end;
	unsigned long v;

	if (!s)
		die("missing %s", what);
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || end == s || v > UINT32_MAX)
		die("bad %s", what);
	return (uint32_t)v;
}

static void check_parent(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t len;

	if (!slash)
		return;      /* in the root */
	len = (size_t)(slash - name);
	for (unsigned i = 0; i < ndirs; i++)
		if (strlen(dirs[i]) == len && !strncmp(dirs[i], name, len))
			return;
	die("parent directory of \"%s\" not listed before it", name);
}

static const char *entry_name(char *s)
{
	if (!s)
		die("missing %s", "name");
	while (*s == '/')
		s++;
	if (!*s || strstr(s, "//") || s[strlen(s) - 1] == '/')
		die("bad name \"%s\"", s);
	check_parent(s);
	return s;
}

static void *read_file(const char *path, uint32_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, len = 0, n;
	char *buf = malloc(cap);

	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	if (!buf)
		die("out of memory reading %s", path);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			if (cap > UINT32_MAX / 2)
				die("%s is too large for newc (4 GiB)", path);
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory reading %s", path);
		}
	}
	if (ferror(f))
		die("cannot read %s: %s", path, strerror(errno));
	fclose(f);
	*size = (uint32_t)len;
	return buf;
}

static void do_line(char *line)
{
	char *kind = strtok(line, " \t\r\n");
	struct entry e = { .nlink = 1 };
	void *file_data = NULL;

	if (!kind || kind[0] == '#')
		return;
	if (!strcmp(kind, "dir")) {
		e.name = entry_name(strtok(NULL, " \t\r\n"));
		e.mode = MODE_DIR;
		e.nlink = 2;
		if (ndirs == MAX_DIRS)
			die("more than %d directories at \"%s\"", MAX_DIRS, e.name);
		dirs[ndirs] = strdup(e.name);
		if (!dirs[ndirs++])
			die("out of memory at \"%s\"", e.name);
	} else if (!strcmp(kind, "file")) {
		const char *location;

		e.name = entry_name(strtok(NULL, " \t\r\n"));
		location = strtok(NULL, " \t\r\n");
		if (!location)
			die("missing %s", "location");
		e.data = file_data = read_file(location, &e.data_size);
		e.mode = MODE_REG;
	} else if (!strcmp(kind, "slink")) {
		const char *target;

		e.name = entry_name(strtok(NULL, " \t\r\n"));
		target = strtok(NULL, " \t\r\n");
		if (!target)
			die("missing %s", "target");
		e.data = target;
		e.data_size = (uint32_t)strlen(target);
		e.mode = MODE_LNK;
	} else if (!strcmp(kind, "nod")) {
		e.name = entry_name(strtok(NULL, " \t\r\n"));
	} else {
		die("unknown entry type \"%s\" (dir, file, slink, nod)", kind);
	}
	e.mode |= parse_num(strtok(NULL, " \t\r\n"), 8, "mode") & MODE_PERM;
	e.uid = parse_num(strtok(NULL, " \t\r\n"), 10, "uid");
	e.gid = parse_num(strtok(NULL, " \t\r\n"), 10, "gid");
	if (!strcmp(kind, "nod")) {
		const char *type = strtok(NULL, " \t\r\n");

		if (!type || (strcmp(type, "c") && strcmp(type, "b")))
			die("device type of \"%s\" must be c or b", e.name);
		e.mode |= type[0] == 'c' ? MODE_CHR : MODE_BLK;
		e.rdev_major = parse_num(strtok(NULL, " \t\r\n"), 10, "major");
		e.rdev_minor = parse_num(strtok(NULL, " \t\r\n"), 10, "minor");
	}
	if (strtok(NULL, " \t\r\n"))
		die("trailing words after \"%s\"", e.name);
	emit_entry(&e);
	free(file_data);
}

int main(int argc, char **argv)
{
	static char line[LINE_MAX_LEN];
	const struct entry trailer = { .name = "TRAILER!!!", .nlink = 1 };
	FILE *list;

	if (argc != 2) {
		fprintf(stderr, "usage: mkcpio LIST > archive.cpio   (LIST - for standard input)\n");
		return 2;
	}
	list_path = argv[1];
	list = strcmp(list_path, "-") ? fopen(list_path, "r") : stdin;
	if (!list) {
		fprintf(stderr, "mkcpio: cannot open %s: %s\n", list_path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), list)) {
		line_no++;
		if (!strchr(line, '\n') && !feof(list))
			die("line longer than %d characters", LINE_MAX_LEN - 1);
		do_line(line);
	}
	emit_entry(&trailer);
	if (fflush(stdout)) {
		fprintf(stderr, "mkcpio: writing the archive: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
