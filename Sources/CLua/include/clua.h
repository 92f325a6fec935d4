#ifndef CLUA_H
#define CLUA_H
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
/// Placeholder until the bridge lands: the Lua version this was built against.
const char *clua_version(void);
#endif
