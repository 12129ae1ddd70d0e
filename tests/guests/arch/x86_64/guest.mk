# The x86_64 test guests' own files beside start.S and tests.c: its local
# APIC driver and trap handling.
guest-arch-src := tests/guests/arch/x86_64/lapic.c
