// The Debian lua5.4 headers; pkg-config lua5.4 supplies -I/usr/include/lua5.4.
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
