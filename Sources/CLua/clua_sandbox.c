/* The standard library of a plugin's own state (clua_open_sandbox). A plugin lives in a
 * lua_State of its own (PluginWorld.swift), so nothing of the host is there to protect; what
 * is left to hold is time and memory. The allocator caps memory (clua.c); the count hook
 * charges Lua instructions to the budget; this file closes the ways around both:
 *   - protected calls (pcall, xpcall, coroutine.resume/close, load's reader) hand the budget's
 *     error, Ctrl-C and memory exhaustion back up instead of letting the plugin swallow them,
 *     and xpcall's handler is not run for them (it would run with hooks off);
 *   - no finalizers: Lua runs __gc with hooks off, so a looping or allocating __gc would run
 *     outside every budget and Ctrl-C (setmetatable refuses a metatable with __gc; a __gc
 *     added to a metatable later is never called, as the manual says);
 *   - C loops whose length a plugin chooses (table.insert/remove under a lying __len,
 *     table.move over a huge range, string.rep of an empty string) charge each step to the
 *     budget, and pattern matching runs in a bounded matcher (clua_match.c);
 *   - only text chunks load; no file, process, debug, package or warn functions exist;
 *     print escapes control bytes so a plugin cannot drive the terminal.
 */
#include "clua_record.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Work a C loop may do in one call when no budget is set (no plugin code runs then, but the
   bound keeps the functions safe wherever they are called). */
#define SANDBOX_FALLBACK (200LL * 1000 * 1000)

/* ---- protected calls that give the budget, Ctrl-C and memory errors back ---- */

/* The host's probe for limits kept outside the state (clua_set_fatal_probe). */
static int (*sb_probe)(void) = 0;
void clua_set_fatal_probe(int (*probe)(void)) { sb_probe = probe; }

/* An error no plugin code may catch: the state's own budget ran out, Ctrl-C is pending, an
   allocation failed, or the host says a limit outside the state was passed during this call
   (engine work over the plugin's budget, a plugin it called out of budget or memory). The
   last one marks the state tripped, so it stays uncatchable for the rest of the call. */
static int sb_fatal(lua_State *L, int status) {
    clua_Record *r = clua_record(L);
    if (!r->tripped && sb_probe && sb_probe()) r->tripped = 1;
    return r->tripped || clua_interrupt_pending() || status == LUA_ERRMEM;
}

/* luaB_pcall's continuation, except that a fatal error is raised again. */
static int sb_finishpcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        if (sb_fatal(L, status)) return lua_error(L);   /* the error object is on top */
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int sb_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, sb_finishpcall);
    return sb_finishpcall(L, status, 0);
}

/* xpcall's message handler (upvalue 1: the plugin's): not called for the budget's error or
   Ctrl-C. Lua calls the handler where the error was raised, and an error the count hook
   raises is raised inside the hook, where hooks are off: a looping handler would then run
   outside every budget and Ctrl-C. */
static int sb_handler(lua_State *L) {
    if (sb_fatal(L, LUA_OK)) return 1;   /* the error object, unchanged */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, sb_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, sb_finishpcall);
    return sb_finishpcall(L, status, 2);
}

/* coroutine.resume and coroutine.close (upvalue 1: the library's own): a coroutine that ran
   out of budget, or was interrupted, fails its resumer too. */
static int sb_coroutine_guard(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    if (lua_gettop(L) >= 1 && !lua_toboolean(L, 1) && sb_fatal(L, LUA_OK)) {
        lua_settop(L, 2);
        return lua_error(L);
    }
    return lua_gettop(L);
}

/* ---- no finalizers ---- */
static int sb_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: metatables with __gc are not available to plugins "
                                 "(a finalizer would run outside the plugin's budget)");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- loading: text only ---- */
static int sb_load(lua_State *L) {
    const char *mode = luaL_optstring(L, 3, "t");
    if (strcmp(mode, "t") != 0)
        return luaL_error(L, "load: plugins may load text chunks only (mode 't'), got mode '%s'", mode);
    if (lua_gettop(L) < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    /* A reader function's error comes back as load's (nil, message): the budget's error
       and Ctrl-C are raised again rather than caught there. */
    if (lua_isnil(L, 1) && sb_fatal(L, LUA_OK)) { lua_settop(L, 2); return lua_error(L); }
    return lua_gettop(L);
}

static int sb_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "count");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage('%s') is not available to plugins (only 'count')", opt);
    int k = lua_gc(L, LUA_GCCOUNT), b = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
}

/* ---- print, with control bytes escaped ---- */
/* Writes s escaping C0 controls other than tab and newline, DEL, and the C1 controls as
   UTF-8 encodes them (U+0080..U+009F, e.g. the one-byte CSI), as \ddd like %q does. */
static void sb_write_sanitised(const unsigned char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) { fprintf(stdout, "\\%d", c); continue; }
        if (c == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
            fprintf(stdout, "\\194\\%d", s[i + 1]); i++; continue;
        }
        fputc(c, stdout);
    }
}

static int sb_print(lua_State *L) {
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t l;
        const char *s = luaL_tolstring(L, i, &l);
        if (i > 1) fputc('\t', stdout);
        sb_write_sanitised((const unsigned char *)s, l);
        lua_pop(L, 1);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
}

/* ---- C loops whose length the plugin chooses ---- */
static int sb_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    /* string.rep("", 1e18) would copy nothing 1e18 times; any other result is bounded by
       the memory cap, as each step adds a byte. */
    if (n <= 0 || l + lsep == 0) { lua_pushliteral(L, ""); return 1; }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* table.insert and table.remove as the library's, with each element moved charged: the
   length comes from __len, which may say anything. */
static int sb_tinsert(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    long long here = 0;
    lua_Integer e = luaL_len(L, 1);
    e = (lua_Integer)((lua_Unsigned)e + 1u);
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2: pos = e; break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        for (lua_Integer i = e; i > pos; i--) {
            clua_charge(L, 1, &here, SANDBOX_FALLBACK);
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int sb_tremove(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    long long here = 0;
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        clua_charge(L, 1, &here, SANDBOX_FALLBACK);
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* table.move(a1, f, e, t [, a2]): the range is known from the arguments; charged before the
   library's own loop runs. */
static int sb_tmove(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f && (f > 0 || e < LUA_MAXINTEGER + f)) {
        long long here = 0;
        lua_Unsigned count = (lua_Unsigned)e - (lua_Unsigned)f + 1u;
        clua_charge(L, count > (lua_Unsigned)LLONG_MAX / 2 ? LLONG_MAX / 2 : (long long)count, &here, SANDBOX_FALLBACK);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- assembling the library ---- */

/* [-0, +0] t[name] = f with the old t[name] as f's upvalue; t is on top. */
static void sb_wrap(lua_State *L, const char *name, lua_CFunction f) {
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, name);
}
static void sb_set(lua_State *L, const char *name, lua_CFunction f) {
    if (f) lua_pushcfunction(L, f); else lua_pushnil(L);
    lua_setfield(L, -2, name);
}

static int sb_open_k(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1); lua_pop(L, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1); lua_pop(L, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1); lua_pop(L, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1); lua_pop(L, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1); lua_pop(L, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1); lua_pop(L, 1);
    clua_opencoroutines(L);

    /* os: the clock and the calendar only (no execute, getenv, remove, rename, exit, tmpname). */
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);   /* [+1] the whole library */
    lua_createtable(L, 0, 4);
    static const char *const os_keep[] = { "time", "clock", "date", "difftime", NULL };
    for (int i = 0; os_keep[i]; i++) { lua_getfield(L, -2, os_keep[i]); lua_setfield(L, -2, os_keep[i]); }
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);   /* forget the whole os */
    lua_pushnil(L); lua_setfield(L, -2, LUA_OSLIBNAME);
    lua_pop(L, 1);

    lua_pushglobaltable(L);
    sb_set(L, "dofile", NULL);
    sb_set(L, "loadfile", NULL);
    sb_set(L, "warn", NULL);   /* writes to stderr, raw */
    sb_set(L, "collectgarbage", sb_collectgarbage);
    sb_set(L, "pcall", sb_pcall);
    sb_set(L, "xpcall", sb_xpcall);
    sb_set(L, "print", sb_print);
    sb_wrap(L, "load", sb_load);
    sb_wrap(L, "setmetatable", sb_setmetatable);
    lua_pop(L, 1);

    lua_getglobal(L, LUA_COLIBNAME);
    sb_wrap(L, "resume", sb_coroutine_guard);
    sb_wrap(L, "close", sb_coroutine_guard);
    lua_pop(L, 1);

    lua_getglobal(L, LUA_STRLIBNAME);   /* also the strings' metatable's __index */
    sb_set(L, "dump", NULL);
    sb_wrap(L, "rep", sb_rep);
    clua_open_bounded_patterns(L);
    lua_pop(L, 1);

    lua_getglobal(L, LUA_TABLIBNAME);
    sb_set(L, "insert", sb_tinsert);
    sb_set(L, "remove", sb_tremove);
    sb_wrap(L, "move", sb_tmove);
    lua_pop(L, 1);

    clua_record(L)->sandbox = 1;
    return 0;
}

int clua_open_sandbox(lua_State *L) {
    lua_pushcfunction(L, sb_open_k);
    int status = clua_docall(L, 0, 0);
    if (status == LUA_OK) lua_pushnil(L);
    return status;
}

int clua_is_tripped(lua_State *L) { return clua_record(L)->tripped; }
