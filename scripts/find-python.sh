#!/bin/sh
# Print a Python interpreter that can import kconfiglib. The first python3
# on PATH may be a pyenv build that does not see Debian's packages, so try
# the system one first. VIREO_PYTHON=/path/to/python chooses one.
for py in ${VIREO_PYTHON:-/usr/bin/python3 python3 python}; do
	if command -v "$py" >/dev/null 2>&1 &&
	   "$py" -c 'import kconfiglib' >/dev/null 2>&1; then
		command -v "$py"
		exit 0
	fi
done
echo "vireo: no Python can import kconfiglib; install it: apt-get install python3-kconfiglib" >&2
exit 1
