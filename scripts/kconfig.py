#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Vireo's Kconfig front end on top of Kconfiglib.

usage: kconfig.py <Kconfig> <command> [args]
  defconfig FILE      .config from a defconfig file
  olddefconfig        refresh .config, new symbols at their defaults
  savedefconfig OUT   write the minimal config to OUT
  randconfig          random .config: $KCONFIG_SEED (printed) seeds it, as
                      in Linux; $KCONFIG_ALLCONFIG names a file whose
                      values are kept (CONFIG_ARCH_X86_64=y: x86 only)
  syncconfig DIR HDR  write auto.conf + per-symbol files under DIR and
                      the C header HDR (only what changed is touched)

The .config path comes from $KCONFIG_CONFIG. Every Kconfiglib warning
(unknown symbol, value refused by dependencies, ...) is an error here, so
a stale or mistyped defconfig cannot build silently. In a .config too, a
value Kconfig cannot take (out of range, malformed, not text) is an error
(file:line: what) rather than silently the default; and a configuration
the Kconfig files declare invalid (INVALID_* symbols) or whose early
console or power-off device has no driver is refused in one line each.
"""
import os
import random
import re
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("vireo: this Python cannot import kconfiglib "
             "(apt-get install python3-kconfiglib)")


def die_on_warnings(kconf, what):
    if kconf.warnings:
        for w in kconf.warnings:
            first = w.splitlines()[0]
            if not first.startswith(what):
                first = "%s: %s" % (what, first)
            sys.stderr.write("error: %s\n" % first.replace("warning: ", ""))
            for extra in w.splitlines()[1:]:
                sys.stderr.write("  %s\n" % extra)
        sys.exit(1)


def load(kconfig_file, config_file, strict):
    """Load Kconfig and a config file.

    strict (a defconfig): every warning is fatal, including a value the
    dependencies refuse. Otherwise (.config): an unknown symbol is fatal
    with a hint, other warnings are printed; values whose dependencies
    went away are dropped as Kconfig always does.
    """
    kconf = kconfiglib.Kconfig(kconfig_file, warn_to_stderr=False)
    die_on_warnings(kconf, kconfig_file)
    kconf.warn_assign_undef = True
    kconf.warn_assign_override = strict
    kconf.warn_assign_redun = strict
    if not os.path.exists(config_file):
        sys.exit("vireo: %s not found" % config_file)
    check_text(config_file)
    kconf.load_config(config_file)
    refuse_bad_values(kconf, config_file)
    if strict:
        check_assignments(kconf)
        die_on_warnings(kconf, config_file)
    refuse_invalid(kconf)
    return kconf


def check_text(config_file):
    """A config file is UTF-8 text: name the first line that is not."""
    data = open(config_file, "rb").read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        sys.exit("error: %s:%d: not text (byte 0x%02x is not UTF-8)"
                 % (config_file, line, data[e.start]))
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        sys.exit("error: %s:%d: not text (a NUL byte)" % (config_file, line))


def assignment_line(config_file, name):
    """The line number of the last CONFIG_<name>= in config_file."""
    found = 0
    with open(config_file) as f:
        for nr, line in enumerate(f, 1):
            if line.startswith("CONFIG_%s=" % name):
                found = nr
    return found


def refuse_bad_values(kconf, config_file):
    """A value Kconfig cannot take (malformed line, 'maybe' for a bool,
    an unterminated string, an int out of its range) would silently
    become the default: one line each, file:line: what, then fail.
    Unknown symbols are left to drop_unknown()."""
    for sym in kconf.unique_defined_syms:
        sym.str_value  # evaluating it reports a user value out of range
    errors = []
    for w in kconf.warnings:
        w = w.splitlines()[0]
        if "undefined symbol" in w:
            continue
        where, _, what = w.rpartition("warning: ")
        what = re.sub(r" \(defined at [^)]*\)", "", what)
        what = re.sub(r"\.? (-- )?[Aa]ssignment ignored\.?$", "", what)
        what = re.sub(r"^user value (\S+) on the \w+ symbol (\w+) ignored due "
                      r"to being outside the active range \(\[(.*), (.*)\]\).*",
                      r"CONFIG_\2=\1 is outside its range \3..\4", what)
        what = re.sub(r"^ignoring malformed line", "malformed line", what)
        m = re.search(r"(?:symbol|for|CONFIG_)(?: )?(\w+)", what)
        if not where and m:
            where = "%s:%d: " % (config_file,
                                 assignment_line(config_file, m.group(1)))
        errors.append(where + what)
    for e in errors:
        sys.stderr.write("error: %s\n" % e)
    if errors:
        sys.exit(1)
    kconf.warnings = [w for w in kconf.warnings if "undefined symbol" in w]


def help_text(sym):
    return " ".join(" ".join(n.help.split()) for n in sym.nodes if n.help)


def early_device_errors(kconf):
    """EARLYCON and EARLY_POWEROFF name a driver ("<name>,<address>"):
    the driver whose help says "Early console name: <name>" (or
    "Early power-off name:") must be on, or the first lines of the boot
    have no console or no way to report a failure."""
    names = {}
    for sym in kconf.unique_defined_syms:
        for kind, name in re.findall(r"Early (console|power-off) name: "
                                     r"([\w-]+[\w])", help_text(sym)):
            names[kind, name] = sym
    errors = []
    for fact, kind in (("EARLYCON", "console"), ("EARLY_POWEROFF", "power-off")):
        value = kconf.syms[fact].str_value
        if not value:
            continue
        name = value.split(",", 1)[0]
        sym = names.get((kind, name))
        if sym is None:
            errors.append('CONFIG_%s="%s": no %s driver is called "%s"'
                          % (fact, value, kind, name))
        elif sym.tri_value != 2:
            errors.append('CONFIG_%s="%s" needs CONFIG_%s, which is off'
                          % (fact, value, sym.name))
    return errors


def refuse_invalid(kconf):
    """The rules Kconfig states as INVALID_* symbols (see Kconfig), and
    the early devices' drivers."""
    errors = [help_text(s) or s.name for s in kconf.unique_defined_syms
              if s.name.startswith("INVALID_") and s.tri_value == 2]
    errors += early_device_errors(kconf)
    for e in errors:
        sys.stderr.write("error: %s\n" % e)
    if errors:
        sys.exit(1)


def drop_unknown(kconf, config_file, fatal):
    unknown = [w for w in kconf.warnings if "undefined symbol" in w]
    for w in unknown:
        w = w.splitlines()[0].replace("warning: ", "")
        if fatal:
            sys.stderr.write("error: %s (run 'make olddefconfig' to drop it)\n" % w)
        else:
            sys.stderr.write("warning: %s: dropped\n" % w)
    if unknown and fatal:
        sys.exit(1)


def check_assignments(kconf):
    """A value the user asked for but did not get is an error."""
    for sym in kconf.unique_defined_syms:
        if sym.user_value is None or sym.choice:
            continue
        want = sym.user_value
        if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            want = kconfiglib.TRI_TO_STR[want]
        if sym.str_value != want:
            why = "depends on " + kconfiglib.expr_str(sym.direct_dep)
            prompts = [n.prompt[1] for n in sym.nodes if n.prompt]
            if kconfiglib.expr_value(sym.direct_dep) and prompts:
                # visible only on a condition (BOARD_FACTS_OVERRIDE)
                why = "its prompt depends on " + " || ".join(
                    kconfiglib.expr_str(c) for c in prompts)
            kconf.warnings.append(
                "CONFIG_%s was assigned '%s' but got '%s' (%s)"
                % (sym.name, want, sym.str_value, why))
    for choice in kconf.unique_choices:
        sel = choice.user_selection
        if sel is not None and choice.selection is not sel:
            kconf.warnings.append(
                "CONFIG_%s was selected but is not available (depends on %s)"
                % (sel.name, kconfiglib.expr_str(sel.direct_dep)))


def random_number(sym, rng):
    """A value in the symbol's active range: an end, its default or any."""
    base = 16 if sym.orig_type is kconfiglib.HEX else 10
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            lo, hi = int(low.str_value, base), int(high.str_value, base)
            break
    else:
        return None
    value = rng.choice([lo, hi, int(sym.str_value, base), rng.randint(lo, hi)])
    return hex(value) if base == 16 else str(value)


def randconfig(kconfig_file, config):
    """Every visible choice and bool at random, ints and hex in their
    range; strings keep their defaults. Linux's randconfig leaves ints at
    their defaults: here the ends of a range are where bugs hide."""
    seed = os.environ.get("KCONFIG_SEED")
    seed = int(seed, 0) if seed else int.from_bytes(os.urandom(4), "little")
    print("KCONFIG_SEED=%#x" % seed)
    rng = random.Random(seed)
    kconf = kconfiglib.Kconfig(kconfig_file, warn_to_stderr=False)
    die_on_warnings(kconf, kconfig_file)
    fixed = set()
    allconfig = os.environ.get("KCONFIG_ALLCONFIG")
    if allconfig:
        check_text(allconfig)
        kconf.warn_assign_undef = True
        kconf.load_config(allconfig, replace=False)
        refuse_bad_values(kconf, allconfig)
        for w in kconf.warnings:  # only unknown symbols are left
            sys.exit("error: " + w.splitlines()[0].replace("warning: ", ""))
        fixed = {s for s in kconf.unique_defined_syms if s.user_value is not None}
        fixed |= {s.choice for s in fixed if s.choice}
    for node in kconf.node_iter():
        item = node.item
        if item in fixed or not isinstance(item, (kconfiglib.Symbol,
                                                  kconfiglib.Choice)):
            continue
        fixed.add(item)
        if isinstance(item, kconfiglib.Choice):
            syms = [s for s in item.syms if s.visibility]
            if item.visibility and syms:
                rng.choice(syms).set_value(2)
        elif item.choice or not item.visibility:
            continue
        elif item.orig_type is kconfiglib.BOOL and item.assignable:
            item.set_value(rng.choice(item.assignable))
        elif item.orig_type in (kconfiglib.INT, kconfiglib.HEX):
            value = random_number(item, rng)
            if value is not None:
                item.set_value(value)
    print(kconf.write_config(config))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kconfig_file, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    config = os.environ.get("KCONFIG_CONFIG", ".config")
    if cmd == "defconfig":
        kconf = load(kconfig_file, args[0], strict=True)
        print(kconf.write_config(config))
    elif cmd == "olddefconfig":
        kconf = load(kconfig_file, config, strict=False)
        drop_unknown(kconf, config, fatal=False)
        print(kconf.write_config(config))
    elif cmd == "savedefconfig":
        kconf = load(kconfig_file, config, strict=False)
        drop_unknown(kconf, config, fatal=True)
        print(kconf.write_min_config(args[0], header=""))
    elif cmd == "randconfig":
        randconfig(kconfig_file, config)
    elif cmd == "syncconfig":
        deps_dir, header = args[0], args[1]
        kconf = load(kconfig_file, config, strict=False)
        drop_unknown(kconf, config, fatal=True)
        kconf.write_config(config)
        os.makedirs(os.path.dirname(header), exist_ok=True)
        kconf.write_autoconf(header)
        kconf.sync_deps(deps_dir)
        # Makefile fragment: re-run syncconfig when any Kconfig changes.
        files = [os.path.join(kconf.srctree, f) for f in kconf.kconfig_filenames]
        with open(os.path.join(deps_dir, "auto.conf.cmd"), "w") as f:
            f.write("kconfig-files := %s\n" % " ".join(files))
    else:
        sys.exit("kconfig.py: unknown command '%s'" % cmd)


if __name__ == "__main__":
    main()
