/* Stand-in for autoconf.h in host unit tests. */
#define CONFIG_LOG_LEVEL 3
#define CONFIG_ARCH "host"
#define CONFIG_BOARD "host"
#define CONFIG_NR_IRQS 64
#define CONFIG_NR_CPUS 4
