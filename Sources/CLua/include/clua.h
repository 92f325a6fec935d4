#ifndef CLUA_H
#define CLUA_H
/* The C side of Hemi's Lua boundary (DESIGN.md, "Lua <-> Swift boundary").
 * Swift never calls a function that may longjmp: the macros Swift cannot import are wrapped as
 * static inline functions, Swift functions are entered through clua_trampoline, which raises
 * the Lua error only after the Swift frame has returned, and all calls into Lua go through
 * clua_docall (lua_pcall with a traceback handler). Mutable state shared with the SIGINT
 * handler lives here in C, reached through accessor functions. */
#include <stddef.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

/// A Swift function reachable from Lua: returns the number of results, or CLUA_ERROR after
/// pushing the error message (the trampoline then raises it, outside the Swift frame, with the
/// position of the user's code that called it in front, as luaL_error does: clua_where_user),
/// or CLUA_RAISE after pushing an error value to raise unchanged (what a Lua callback raised),
/// or CLUA_CALL after leaving a function and its arguments as the whole stack (the trampoline
/// then calls it, outside the Swift frame, and returns its results).
typedef int (*clua_SwiftFunction)(lua_State *L, void *context);
typedef void (*clua_Release)(void *context);
#define CLUA_ERROR (-1)
#define CLUA_CALL (-2)
#define CLUA_RAISE (-3)

/// The registry field holding the set of the host's own chunk names (`=scripting/prelude.lua`):
/// the embedded Lua whose frames clua_where_user passes over.
#define CLUA_HOST_CHUNKS "hemi.host_chunks"
/// [-0, +0] Adds `source` (a chunk name as loaded, `=scripting/prelude.lua`) to the host's chunks.
void clua_mark_host_chunk(lua_State *L, const char *source);
/// [-0, +1] Pushes where the user's code called the running C function: `chunk:line: `, or "".
/// As luaL_where(L, 1) (what luaL_error and luaL_argerror put in front of their message), except
/// that frames of the host's own embedded Lua (CLUA_HOST_CHUNKS), and the C functions between
/// them and the user's code, are passed over: a native the host's Lua calls on the user's behalf
/// (a plugin's api.metric, q:derive's Lua path) names the user's line. With no user frame (the
/// host ran its own chunk) "", as for a C function at level 1 (pcall(f, ...)) in Lua.
void clua_where_user(lua_State *L);

/// A state whose allocator refuses to grow past `limit` bytes (0 = no limit); exhaustion
/// becomes Lua's own "not enough memory" error, never a crash.
lua_State *clua_newstate(size_t limit);
/// Bytes the state currently holds.
size_t clua_memory_used(lua_State *L);
void clua_set_memory_limit(lua_State *L, size_t limit);
/// Closes the state and frees its allocator record.
void clua_close(lua_State *L);

/// [-0, +1] Pushes a C closure that calls `fn(L, context)`; `release(context)` runs when Lua
/// collects the closure (the context is held by a full userdata upvalue with __gc).
void clua_pushswiftfunction(lua_State *L, clua_SwiftFunction fn, void *context, clua_Release release);

/// [-(nargs+1), +(nresults|1)] lua_pcall with a traceback message handler. Returns the status.
int clua_docall(lua_State *L, int nargs, int nresults);
/// [-0, +1] Loads a chunk in text mode only; pushes the function or the error message.
int clua_loadbuffer(lua_State *L, const char *buffer, size_t size, const char *chunkname);
/// [-0, +1] Loads a file (NULL = stdin) in text mode; pushes the function or the error message.
int clua_loadfile(lua_State *L, const char *filename);
/// [-0, +1] As clua_loadfile, text or precompiled (luac) chunks: what lua.c runs as the user's
/// own script. Plugins and anything else not named by the user stay text-only.
int clua_loadfile_any(lua_State *L, const char *filename);
/// [-0, +1] Opens the standard libraries inside a protected call (coroutine.create and
/// coroutine.wrap replaced by versions that arm the new thread's hook); returns the status.
int clua_openlibs(lua_State *L);
/// [-0, +1] As clua_openlibs; with `noenv` set, first sets the registry's LUA_NOENV as lua.c's
/// -E does, so the package library ignores LUA_PATH, LUA_CPATH and their _5_4 forms.
int clua_openlibs_env(lua_State *L, int noenv);
/// [-0, +0] Switches the collector to generational mode, as lua.c 5.4 starts.
void clua_gc_generational(lua_State *L);
/// [-0, +1] Opens the standard library of a plugin's own state (clua_sandbox.c): base without
/// dofile, loadfile and warn; load of text only; pcall, xpcall and coroutine.resume that hand
/// the budget, Ctrl-C and memory errors back; setmetatable without __gc; collectgarbage('count');
/// string without dump and with bounded pattern functions; table, math, utf8, coroutine; os
/// with time, clock, date and difftime. Marks the state a sandbox (errors read without
/// metamethods). Pushes nil or the error message; returns the status.
int clua_open_sandbox(lua_State *L);
/// [-0, +0] Sets the global `bounded` = { find, match, gmatch, gsub }: the bounded pattern
/// functions of the sandbox (clua_match.c), for tests that compare them with the library's.
void clua_open_bounded_patterns_for_tests(lua_State *L);
/// In a sandboxed state: lifts the memory cap while Swift pushes values (a failed allocation
/// would raise across Swift frames), and puts it back. Nested pairs are counted; Lua code
/// called by clua_docall always runs capped.
void clua_lift_cap(lua_State *L);
void clua_unlift_cap(lua_State *L);
/// Whether the state's budget ran out during the current call (reset by clua_set_budget).
int clua_is_tripped(lua_State *L);
/// The host's answer to "has a limit outside this state been passed during the current call?"
/// (engine work over the plugin's budget, another plugin it called out of budget or memory):
/// a protected call in a sandboxed state then hands the error back instead of catching it,
/// as it does for the state's own budget. The probe runs on the calling thread, between Lua
/// calls; null (the default) answers no.
void clua_set_fatal_probe(int (*probe)(void));
/// [-0, +1] `require(name)` run protected; pushes the module or the error message.
int clua_require(lua_State *L, const char *name);

/* Interrupts: SIGINT (or the host) sets a sticky flag and arms a hook on every live state's
 * main thread; the hook raises "interrupted!" and, while the flag stays set, also fires on
 * every call and return, so a loop that catches the error with pcall is stopped too. The host
 * clears the flag when it is back in control. No hook is armed on a main thread otherwise (a
 * count hook halves the VM's speed); coroutines carry one from birth, since a signal cannot
 * reach a running coroutine. */
void clua_install_sigint_handler(void);
void clua_request_interrupt(void);
void clua_clear_interrupt(void);
int clua_interrupt_pending(void);
/// Instruction budget for the next calls (0 = none); exceeding it raises
/// "instruction budget exceeded". A budget arms the count hook on the main thread.
void clua_set_budget(lua_State *L, long long instructions);

/// [-0, +1] Pushes a full userdata holding `context` with the metatable registered under
/// `tname` (created with __name and a __gc that calls `release(context)` if new). Returns 1
/// when the metatable was created just now, so the caller can fill in its methods (reach it
/// with lua_getmetatable on the new userdata).
int clua_pushobject(lua_State *L, void *context, clua_Release release, const char *tname);
/// [-0, +0] The context of the userdata at `index` if its metatable is `tname`, else NULL.
void *clua_toobject(lua_State *L, int index, const char *tname);
/// [-0, +1] Pushes the metatable registered under `tname` (nil if none); returns its type.
int clua_getmetatable_named(lua_State *L, const char *tname);
/// [-0, +0] The `__name` of the value's metatable, or NULL.
const char *clua_objectname(lua_State *L, int index);
/// [-0, +1] `tostring(value)` run protected (a __tostring that errors cannot escape); pushes
/// the string or the error message and returns the status.
int clua_tostring_protected(lua_State *L, int index);
/* A column handed to clua_filter_rows: Swift's arrays, read in place. */
enum { CLUA_COLUMN_INTEGER, CLUA_COLUMN_NUMBER, CLUA_COLUMN_BOOLEAN, CLUA_COLUMN_STRING };
typedef struct {
    const char *name; size_t name_len;
    int kind;
    /// long long[], double[], unsigned char[] (booleans) or unsigned int[] (dictionary codes)
    const void *data;
    /// One byte per row, 0 = null; NULL when the column has no nulls.
    const unsigned char *valid;
    /// Strings: the dictionary's bytes, and offsets[code] ..< offsets[code + 1] for each code.
    const unsigned char *bytes;
    const long *offsets;
} clua_RowColumn;
/// [-0, +(0|1)] Calls the function at `function` once per row with a row table (one table,
/// reused: it holds the columns the function has read), all inside one protected call, and
/// writes the numbers (from 0) of the rows where it returned a true value to `kept` (room for
/// nrows), their count to `nkept`. Returns the status; on error the error value is pushed as
/// raised (no traceback: the caller re-raises it where filter was called).
int clua_filter_rows(lua_State *L, int function, const clua_RowColumn *columns, int ncolumns,
                     long nrows, long *kept, long *nkept);

static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *clua_tostring(lua_State *L, int i, size_t *len) { return lua_tolstring(L, i, len); }
static inline const char *clua_typename(lua_State *L, int i) { return luaL_typename(L, i); }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void clua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline lua_Integer clua_tointeger(lua_State *L, int i, int *isnum) { return lua_tointegerx(L, i, isnum); }
static inline lua_Number clua_tonumber(lua_State *L, int i, int *isnum) { return lua_tonumberx(L, i, isnum); }
#endif
