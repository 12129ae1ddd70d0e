// SPDX-License-Identifier: MIT
/* The banner's name for the virtualization extensions (hal/virt.h). */
#include <hal/virt.h>
#include <vireo/printf.h>

const char *virt_caps_format(const struct virt_caps *caps, char *buf,
			     size_t size)
{
	const struct {
		bool on;
		const char *name;
	} ext[] = {
		{ caps->el2, "el2" }, { caps->h, "h" },
		{ caps->svm, "svm" }, { caps->npt, "npt" },
		{ caps->vmx, "vmx" }, { caps->ept, "ept" },
	};
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
		if (!ext[i].on)
			continue;
		len += (size_t)snprintf(buf + (len < size ? len : size),
					len < size ? size - len : 0, "%s%s",
					len ? "," : "", ext[i].name);
	}
	if (!len)
		snprintf(buf, size, "none");
	return buf;
}
