// SPDX-License-Identifier: MIT
/*
 * hal/virt.c: the capabilities struct printed as the banner and the
 * ready line name it (docs/boot-log.md: "virtualization <list>",
 * "virt=<list>"; the strings each board's emulator gives are those the
 * boot tests expect: el2, h, svm,npt, vmx,ept).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/virt.h>

static const char *format(const struct virt_caps *caps)
{
	static char buf[32];

	memset(buf, 'x', sizeof(buf));
	return virt_caps_format(caps, buf, sizeof(buf));
}

static void test_each_arch(void **unused)
{
	struct virt_caps el2 = { .usable = true, .el2 = true, .stage2 = true,
				 .ipa_bits = 44, .vmid_bits = 8 };
	struct virt_caps h = { .usable = true, .h = true, .stage2 = true,
			       .vmid_bits = 14, .sstc = true };
	struct virt_caps svm = { .usable = true, .svm = true, .npt = true,
				 .stage2 = true, .nr_asids = 16 };
	struct virt_caps vmx = { .usable = true, .vmx = true, .ept = true,
				 .stage2 = true, .vpid = true };

	/* only the extensions are named: the sizes are for the backend */
	assert_string_equal(format(&el2), "el2");
	assert_string_equal(format(&h), "h");
	assert_string_equal(format(&svm), "svm,npt");
	assert_string_equal(format(&vmx), "vmx,ept");
}

static void test_combinations(void **unused)
{
	struct virt_caps both = { .svm = true, .npt = true, .vmx = true,
				  .ept = true };
	struct virt_caps bare_svm = { .svm = true };
	struct virt_caps bare_vmx = { .vmx = true, .vpid = true };
	struct virt_caps nothing = { .sstc = true, .ipa_bits = 40 };

	assert_string_equal(format(&both), "svm,npt,vmx,ept");
	assert_string_equal(format(&bare_svm), "svm");
	assert_string_equal(format(&bare_vmx), "vmx");
	assert_string_equal(format(&nothing), "none");
}

static void test_small_buffer(void **unused)
{
	struct virt_caps both = { .svm = true, .npt = true, .vmx = true,
				  .ept = true };
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(virt_caps_format(&both, buf, 6), buf);
	assert_string_equal(buf, "svm,n");	/* cut, terminated */
	assert_int_equal(buf[6], 'x');		/* nothing past the size */
	virt_caps_format(&both, buf, 1);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_arch),
		cmocka_unit_test(test_combinations),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
