#define CONFIG_FAKE 1
