// A library that exports no entry symbol (only an unrelated function).
#include "test_provider_base.h"

extern "C" __attribute__((visibility("default"))) int not_the_plugin_entry() { return 1; }
