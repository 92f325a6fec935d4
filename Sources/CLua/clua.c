#include "clua.h"
#include <signal.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator with a cap ---- */
typedef struct { size_t used, limit; long long budget, spent; } clua_Record;

static void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_Record *r = (clua_Record *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) { free(ptr); r->used -= old; return NULL; }
    if (r->limit && nsize > old && r->used + (nsize - old) > r->limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) r->used = r->used - old + nsize;
    return p;
}

static clua_Record *record(lua_State *L) { void *ud; lua_getallocf(L, &ud); return (clua_Record *)ud; }

lua_State *clua_newstate(size_t limit) {
    clua_Record *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->limit = limit;
    lua_State *L = lua_newstate(clua_alloc, r);
    if (!L) { free(r); return NULL; }
    lua_atpanic(L, NULL);
    clua_arm_hook(L);
    return L;
}
size_t clua_memory_used(lua_State *L) { return record(L)->used; }
void clua_set_memory_limit(lua_State *L, size_t limit) { record(L)->limit = limit; }
void clua_close(lua_State *L) { clua_Record *r = record(L); lua_close(L); free(r); }

/* ---- Swift functions ---- */
typedef struct { void *context; clua_Release release; } clua_Box;

static int clua_box_gc(lua_State *L) {
    clua_Box *b = (clua_Box *)lua_touserdata(L, 1);
    if (b && b->release) { b->release(b->context); b->release = NULL; b->context = NULL; }
    return 0;
}

/* Calls the Swift function; raises its error here, after the Swift frame has returned. */
static int clua_trampoline(lua_State *L) {
    clua_SwiftFunction fn = (clua_SwiftFunction)lua_touserdata(L, lua_upvalueindex(1));
    clua_Box *b = (clua_Box *)lua_touserdata(L, lua_upvalueindex(2));
    int n = fn(L, b->context);
    if (n == CLUA_ERROR) return lua_error(L);
    return n;
}

void clua_pushswiftfunction(lua_State *L, clua_SwiftFunction fn, void *context, clua_Release release) {
    lua_pushlightuserdata(L, (void *)fn);
    clua_Box *b = (clua_Box *)lua_newuserdatauv(L, sizeof *b, 0);
    b->context = context; b->release = release;
    if (luaL_newmetatable(L, "hemi.SwiftFunction")) {
        lua_pushcfunction(L, clua_box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, clua_trampoline, 2);
}

/* ---- protected calls ---- */
static int clua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int clua_docall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, clua_msghandler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

int clua_loadbuffer(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "t");
}
int clua_loadfile(lua_State *L, const char *filename) { return luaL_loadfilex(L, filename, "t"); }

static int clua_openlibs_k(lua_State *L) { luaL_openlibs(L); return 0; }
int clua_openlibs(lua_State *L) {
    lua_pushcfunction(L, clua_openlibs_k);
    int status = clua_docall(L, 0, 0);
    if (status == LUA_OK) lua_pushnil(L);
    return status;
}

static int clua_require_k(lua_State *L) {
    lua_getglobal(L, "require");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    return 1;
}
int clua_require(lua_State *L, const char *name) {
    lua_pushcfunction(L, clua_require_k);
    lua_pushstring(L, name);
    return clua_docall(L, 1, 1);
}

/* ---- interrupts and budgets ---- */
static volatile sig_atomic_t clua_interrupt_flag = 0;

static void clua_sigint(int sig) { (void)sig; clua_interrupt_flag = 1; }
void clua_install_sigint_handler(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = clua_sigint; sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    /* A parent may have started us with SIGINT blocked (the mask survives exec: test
       runners and some shells do this), and then Ctrl-C would never arrive. */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
void clua_request_interrupt(void) { clua_interrupt_flag = 1; }
void clua_clear_interrupt(void) { clua_interrupt_flag = 0; }
int clua_interrupt_pending(void) { return clua_interrupt_flag != 0; }

#define CLUA_HOOK_COUNT 1000

static void clua_hook(lua_State *L, lua_Debug *ar) {
    if (clua_interrupt_flag) {
        /* Sticky: fire on every call and return too, so pcall-wrapped loops cannot swallow it. */
        lua_sethook(L, clua_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
        luaL_error(L, "interrupted!");
        return;
    }
    if (lua_gethookmask(L) != LUA_MASKCOUNT) lua_sethook(L, clua_hook, LUA_MASKCOUNT, CLUA_HOOK_COUNT);
    if (ar->event == LUA_HOOKCOUNT) {
        clua_Record *r = record(L);
        if (r->budget > 0) {
            r->spent += CLUA_HOOK_COUNT;
            if (r->spent > r->budget) luaL_error(L, "instruction budget exceeded");
        }
    }
}
void clua_arm_hook(lua_State *L) { lua_sethook(L, clua_hook, LUA_MASKCOUNT, CLUA_HOOK_COUNT); }
void clua_set_budget(lua_State *L, long long instructions) {
    clua_Record *r = record(L); r->budget = instructions; r->spent = 0;
}

/* ---- Swift objects as userdata ---- */
int clua_pushobject(lua_State *L, void *context, clua_Release release, const char *tname) {
    clua_Box *b = (clua_Box *)lua_newuserdatauv(L, sizeof *b, 0);
    b->context = context; b->release = release;
    int created = luaL_newmetatable(L, tname);   /* sets __name = tname when new */
    if (created) {
        lua_pushcfunction(L, clua_box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    return created;
}

void *clua_toobject(lua_State *L, int index, const char *tname) {
    clua_Box *b = (clua_Box *)luaL_testudata(L, index, tname);
    return b ? b->context : NULL;
}

int clua_getmetatable_named(lua_State *L, const char *tname) {
    return luaL_getmetatable(L, tname);
}

const char *clua_objectname(lua_State *L, int index) {
    const char *name = NULL;
    if (lua_getmetatable(L, index)) {
        lua_pushstring(L, "__name");
        if (lua_rawget(L, -2) == LUA_TSTRING) name = lua_tostring(L, -1);
        lua_pop(L, 2);   /* the string stays alive: the metatable holds it */
    }
    return name;
}

static int clua_tolstring_k(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int clua_tostring_protected(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, clua_tolstring_k);
    lua_pushvalue(L, index);
    return clua_docall(L, 1, 1);
}
