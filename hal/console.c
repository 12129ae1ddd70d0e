// SPDX-License-Identifier: MIT
/* Early console selection and character output. */
#include <hal/console.h>
#include <vireo/string.h>

extern const struct earlycon_driver __start_vireo_earlycon[], __stop_vireo_earlycon[];

static struct console early;
static struct console *active;

int console_init_early(const char *spec)
{
	const char *comma = strchr(spec, ',');
	const struct earlycon_driver *drv;
	size_t len;
	char *end;

	if (!comma || !comma[1])
		return -1;
	len = (size_t)(comma - spec);
	/* The linker puts the table between the two symbols. */
	// cppcheck-suppress comparePointers
	for (drv = __start_vireo_earlycon; drv < __stop_vireo_earlycon; drv++) {
		if (strncmp(drv->name, spec, len) || drv->name[len])
			continue;
		early.name = drv->name;
		early.base = strtoul(comma + 1, &end, 0);
		if (*end || drv->setup(&early))
			return -1;
		active = &early;
		return 0;
	}
	return -1;
}

void console_putc(char c)
{
	if (!active)
		return;
	if (c == '\n')
		active->putc(active, '\r');
	active->putc(active, c);
}

int console_getc(void)
{
	return active && active->getc ? active->getc(active) : -1;
}

const char *console_name(void)
{
	return active ? active->name : "none";
}
