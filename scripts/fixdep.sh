#!/bin/sh
# SPDX-License-Identifier: MIT
# fixdep.sh DEPFILE TARGET SOURCE OBJTREE CMD
#
# Turn a compiler dependency file into the .cmd fragment make includes:
# the command that built TARGET (so a changed command rebuilds it) and its
# dependencies, where autoconf.h is replaced by one file per CONFIG_ symbol
# the sources mention (include/config/foo/bar.h, kept by Kconfiglib's
# sync_deps). Changing one symbol then rebuilds only the objects using it.
set -e
depfile=$1 target=$2 source=$3 objtree=$4 cmd=$5

deps=$(sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$depfile" |
	sed -n '1{s/^[^:]*://;p;}')

printf 'savedcmd_%s := %s\n' "$target" "$cmd"
printf 'source_%s := %s\n' "$target" "$source"
printf 'deps_%s := \\\n' "$target"
files=
for d in $deps; do
	case $d in
	*/include/generated/autoconf.h) ;;
	*) printf '  %s \\\n' "$d"; files="$files $d" ;;
	esac
done
# shellcheck disable=SC2086
grep -ohE 'CONFIG_[A-Za-z0-9_]+' $files 2>/dev/null | sort -u |
	awk -v dir="$objtree/include/config" '{
		s = tolower(substr($0, 8)); gsub("_", "/", s);
		printf "  $(wildcard %s/%s.h) \\\n", dir, s }'
printf '\n%s: $(deps_%s)\n\n$(deps_%s):\n' "$target" "$target" "$target"
