// SPDX-License-Identifier: MIT
/* The active console and character output. */
#include <hal/console.h>

static struct console *active;

void console_set(struct console *con)
{
	active = con;
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
