#define FAKE 1
