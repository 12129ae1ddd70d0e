# The aarch64 test guests' own files beside start.S and tests.c: its GIC
# driver, and the common bodies of its PL011 and passthrough devices.
guest-arch-src := tests/guests/arch/aarch64/gic.c tests/guests/pl011.c \
	tests/guests/passthrough.c
