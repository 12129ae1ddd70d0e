/* SPDX-License-Identifier: MIT */
#ifndef CORE_TEST_GUESTS_H
#define CORE_TEST_GUESTS_H

/* Run the built-in test guests (CONFIG_VM_TEST_GUESTS), one VM after the
 * other: POWER_OFF_OK when every VM stopped with status 0, else
 * POWER_OFF_ERROR (the isolation VM's fault makes it so by design). */
int vm_run_test_guests(void);

#endif
