#include "clua.h"
#include "clua_record.h"
#include <signal.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator with a cap ---- */
/* One record per state (the allocator's userdata, clua_record.h): the memory cap, the
   instruction budget, the main thread, and links in the list of live states that an interrupt
   request walks. */
static void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_Record *r = (clua_Record *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) { free(ptr); r->used -= old; return NULL; }
    if (r->limit && nsize > old && r->used + (nsize - old) > r->limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) r->used = r->used - old + nsize;
    return p;
}

static clua_Record *record(lua_State *L) { return clua_record(L); }

/* Live states, so that an interrupt can arm the hook of each one's main thread. Guarded by a
   mutex; the signal handler only tries the lock (see clua_sigint). */
static pthread_mutex_t clua_states_lock = PTHREAD_MUTEX_INITIALIZER;
static clua_Record *clua_states = NULL;
static void clua_interrupt_hooks(lua_State *L);
void clua_opencoroutines(lua_State *L);

/* ---- warnings: lauxlib's warning function, which luaL_newstate installs and lua_newstate
   does not (without one, `warn` is silent even after "@on"). Off until "@on" (lua.c's -W);
   a message goes to stderr as "Lua warning: ..." and may come in pieces (tocont). */
static void clua_warnfon(void *ud, const char *message, int tocont);
static void clua_warnfoff(void *ud, const char *message, int tocont);
static int clua_warncontrol(lua_State *L, const char *message, int tocont) {
    if (tocont || *(message++) != '@') return 0;   /* not a control message */
    if (strcmp(message, "off") == 0) lua_setwarnf(L, clua_warnfoff, L);
    else if (strcmp(message, "on") == 0) lua_setwarnf(L, clua_warnfon, L);
    return 1;
}
static void clua_warnfoff(void *ud, const char *message, int tocont) {
    clua_warncontrol((lua_State *)ud, message, tocont);
}
static void clua_warnfcont(void *ud, const char *message, int tocont) {
    lua_State *L = (lua_State *)ud;
    fputs(message, stderr);
    if (tocont) lua_setwarnf(L, clua_warnfcont, L);
    else { fputs("\n", stderr); fflush(stderr); lua_setwarnf(L, clua_warnfon, L); }
}
static void clua_warnfon(void *ud, const char *message, int tocont) {
    if (clua_warncontrol((lua_State *)ud, message, tocont)) return;
    fflush(stdout);
    fputs("Lua warning: ", stderr);
    clua_warnfcont(ud, message, tocont);
}

/* lua.c's collector mode: lua_gc is variadic, which Swift cannot call. */
void clua_gc_generational(lua_State *L) { lua_gc(L, LUA_GCGEN, 0, 0); }

lua_State *clua_newstate(size_t limit) {
    clua_Record *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->limit = r->cap = limit;
    lua_State *L = lua_newstate(clua_alloc, r);
    if (!L) { free(r); return NULL; }
    lua_atpanic(L, NULL);
    lua_setwarnf(L, clua_warnfoff, L);
    r->main = L;
    pthread_mutex_lock(&clua_states_lock);
    r->next = clua_states;
    if (clua_states) clua_states->prev = r;
    clua_states = r;
    pthread_mutex_unlock(&clua_states_lock);
    return L;
}
size_t clua_memory_used(lua_State *L) { return record(L)->used; }
void clua_set_memory_limit(lua_State *L, size_t limit) {
    clua_Record *r = record(L);
    r->cap = limit;
    if (!r->lifted) r->limit = limit;
}

/* In a sandboxed state the cap is lifted while a Swift function runs, and put back for any
   Lua it calls (clua_docall, clua_filter_rows): Swift pushes values with API calls that raise
   on a failed allocation, and such a raise would longjmp across its frames. Lua code always
   runs capped; what a Swift function pushed past the cap fails the next allocation in Lua, or
   the check when the function returns (clua_trampoline). */
static void clua_lift(clua_Record *r) { if (r->sandbox && r->lifted++ == 0) r->limit = 0; }
static void clua_unlift(clua_Record *r) { if (r->sandbox && --r->lifted == 0) r->limit = r->cap; }
/* Around a call into Lua made by Swift: the cap in force (returns the depth to restore). */
static int clua_cap_for_lua(clua_Record *r) { int d = r->lifted; if (d) { r->lifted = 0; r->limit = r->cap; } return d; }
static void clua_uncap_after_lua(clua_Record *r, int d) { if (d) { r->lifted = d; r->limit = 0; } }
void clua_lift_cap(lua_State *L) { clua_lift(record(L)); }
void clua_unlift_cap(lua_State *L) { clua_unlift(record(L)); }
void clua_close(lua_State *L) {
    clua_Record *r = record(L);
    pthread_mutex_lock(&clua_states_lock);
    if (r->prev) r->prev->next = r->next; else clua_states = r->next;
    if (r->next) r->next->prev = r->prev;
    pthread_mutex_unlock(&clua_states_lock);
    lua_close(r->main);
    free(r);
}

/* ---- Swift functions ---- */
typedef struct { void *context; clua_Release release; } clua_Box;

/* Idempotent: a second call (by hand, through debug.getmetatable) finds nothing to release.
   Accepts only a full userdata of the box's size, so calling it on another value is a no-op. */
static int clua_box_gc(lua_State *L) {
    if (lua_type(L, 1) != LUA_TUSERDATA || lua_rawlen(L, 1) < sizeof(clua_Box)) return 0;
    clua_Box *b = (clua_Box *)lua_touserdata(L, 1);
    if (b && b->release) { b->release(b->context); b->release = NULL; b->context = NULL; }
    return 0;
}

/* A Swift function's upvalue: the entry point and the state's record beside the box, so a
   call reads one upvalue and nothing else. The record is taken when the function is pushed:
   a value never leaves the global state that made it (coroutines share it), so it is the
   record of every state the function can be called in. */
typedef struct { clua_Box box; clua_SwiftFunction fn; clua_Record *record; } clua_FunctionBox;

void clua_mark_host_chunk(lua_State *L, const char *source) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, CLUA_HOST_CHUNKS) != LUA_TTABLE) {   /* [+1] */
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, CLUA_HOST_CHUNKS);
    }
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, source);
    lua_pop(L, 1);
}

/* Whether the frame `ar` (after lua_getinfo "S") runs a chunk of the host's. [-0, +0] */
static int clua_is_host_frame(lua_State *L, lua_Debug *ar) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, CLUA_HOST_CHUNKS) != LUA_TTABLE) { lua_pop(L, 1); return 0; }
    int host = lua_getfield(L, -1, ar->source) != LUA_TNIL;
    lua_pop(L, 2);
    return host;
}

void clua_where_user(lua_State *L) {
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline <= 0) {            /* a C function */
            if (level == 1) break;            /* called from C, as luaL_where: no position */
            continue;                         /* between the host's frames and the user's */
        }
        if (!clua_is_host_frame(L, &ar)) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    /* Only the host's frames (Swift ran its own chunk): their lines mean nothing to the user,
       and the traceback names them for whoever debugs the host. */
    lua_pushliteral(L, "");
}

/* What the trampoline does with a Swift function's result `n` once the Swift frame has
   returned: raise its error, or make the call it asked for. */
static int clua_finish_call(lua_State *L, int n) {
    if (n == CLUA_ERROR) {
        clua_where_user(L);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    if (n == CLUA_ERROR || n == CLUA_RAISE) return lua_error(L);
    /* CLUA_CALL: the Swift function left a function and its arguments as the whole stack:
       call it here, unprotected, now that no Swift frame is below (its errors travel as
       Lua's own, with their traceback); its results are this function's. */
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* In a plugin's state: the cap is lifted while the Swift function runs (its pushes are the
   host's), the error message gets its position while it is still lifted, and a result that
   went over the cap fails here, before the plugin sees it. That failure reaches the plugin as
   Lua's own memory error: the message cannot be allocated over the cap, so its allocation
   fails and Lua raises "not enough memory" (LUA_ERRMEM), which the sandbox's pcall hands back;
   only if the emergency collection that allocation triggers brings the state under its cap
   does the worded message arrive. */
static int clua_trampoline_sandboxed(lua_State *L, clua_FunctionBox *b, clua_Record *r) {
    clua_lift(r);
    int n = b->fn(L, b->box.context);
    if (n == CLUA_ERROR) {
        clua_where_user(L);
        lua_insert(L, -2);
        lua_concat(L, 2);
        n = CLUA_RAISE;
    }
    clua_unlift(r);
    if (n < 0) return clua_finish_call(L, n);
    if (r->cap && r->used > r->cap)
        return luaL_error(L, "not enough memory (a result handed to the plugin went over its memory cap)");
    return n;
}

/* Calls the Swift function; raises its error here, after the Swift frame has returned. The
   user's own state takes the short way: one upvalue read, the call, one test. */
static int clua_trampoline(lua_State *L) {
    clua_FunctionBox *b = (clua_FunctionBox *)lua_touserdata(L, lua_upvalueindex(1));
    /* Its __gc may have been called by hand (debug.getupvalue reaches the box): the Swift
       closure is gone, so the call is an error, not a jump through a null context. */
    if (b->box.context == NULL) return luaL_error(L, "this function was finalized (its __gc was called) and can no longer be called");
    if (b->record->sandbox) return clua_trampoline_sandboxed(L, b, b->record);
    int n = b->fn(L, b->box.context);
    return n >= 0 ? n : clua_finish_call(L, n);
}

void clua_pushswiftfunction(lua_State *L, clua_SwiftFunction fn, void *context, clua_Release release) {
    clua_FunctionBox *b = (clua_FunctionBox *)lua_newuserdatauv(L, sizeof *b, 0);
    b->box.context = context; b->box.release = release; b->fn = fn; b->record = record(L);
    if (luaL_newmetatable(L, "hemi.SwiftFunction")) {
        lua_pushcfunction(L, clua_box_gc);   /* reads the leading clua_Box */
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, clua_trampoline, 1);
}

/* ---- protected calls ---- */
static int clua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL && record(L)->sandbox) {
        /* A plugin's error object is read without running its metamethods: a __tostring or
           __index that loops would hang the host (and Lua runs no hook in a handler that
           errors). Its type is all the host says. */
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    } else if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int clua_docall(lua_State *L, int nargs, int nresults) {
    clua_interrupt_hooks(L);   /* an interrupt that found no hook to arm (see clua_sigint) */
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, clua_msghandler);
    lua_insert(L, base);
    int lifted = clua_cap_for_lua(record(L));
    int status = lua_pcall(L, nargs, nresults, base);
    clua_uncap_after_lua(record(L), lifted);
    lua_remove(L, base);
    return status;
}

int clua_loadbuffer(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "t");
}
int clua_loadfile(lua_State *L, const char *filename) { return luaL_loadfilex(L, filename, "t"); }
int clua_loadfile_any(lua_State *L, const char *filename) { return luaL_loadfilex(L, filename, NULL); }

static int clua_openlibs_k(lua_State *L) {
    if (lua_toboolean(L, 1)) {   /* lua.c's -E: package.path/cpath ignore LUA_PATH, LUA_CPATH */
        lua_pushboolean(L, 1);
        lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
    }
    luaL_openlibs(L); clua_opencoroutines(L); return 0;
}
int clua_openlibs(lua_State *L) { return clua_openlibs_env(L, 0); }
int clua_openlibs_env(lua_State *L, int noenv) {
    lua_pushcfunction(L, clua_openlibs_k);
    lua_pushboolean(L, noenv);
    int status = clua_docall(L, 1, 0);
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

/* ---- interrupts and budgets ----
   A count hook makes the VM trap on every instruction (Lua 5.4 runs plain code about twice as
   slowly with one armed), so the main thread carries no hook unless it has an instruction
   budget or an interrupt is pending. An interrupt arms the hook of every live state's main
   thread (from the SIGINT handler, as lua.c does, or from the host). A signal cannot reach a
   coroutine that is running at the time, so coroutines carry a count hook from birth
   (coroutine.create and coroutine.wrap are wrapped to arm it). */
static volatile sig_atomic_t clua_interrupt_flag = 0;
/* Set by the SIGINT handler only: "a second Ctrl-C" means a second signal. An interrupt the
   host requested (the Jupyter kernel's interrupt request, which its wrapper also sends when
   the process group gets SIGINT) must not turn hemi's own SIGINT into the fatal second one. */
static volatile sig_atomic_t clua_sigint_pending = 0;

#define CLUA_HOOK_COUNT 1000
static void clua_hook(lua_State *L, lua_Debug *ar);

/* The hook thread L carries when no interrupt is pending. */
static void clua_rest_hook(lua_State *L) {
    clua_Record *r = record(L);
    if (L != r->main || r->budget > 0) lua_sethook(L, clua_hook, LUA_MASKCOUNT, CLUA_HOOK_COUNT);
    else lua_sethook(L, NULL, 0, 0);
}
/* Sticky: fire on every instruction, call and return, so pcall-wrapped loops cannot swallow
   the error. */
static void clua_sticky_hook(lua_State *L) {
    lua_sethook(L, clua_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
}

static void clua_hook(lua_State *L, lua_Debug *ar) {
    if (clua_interrupt_flag) {
        clua_sticky_hook(L);
        luaL_error(L, "interrupted!");
        return;
    }
    clua_Record *r = record(L);
    int resting = lua_gethookmask(L) == LUA_MASKCOUNT && lua_gethookcount(L) == CLUA_HOOK_COUNT;
    if (!resting || (L == r->main && r->budget <= 0)) { clua_rest_hook(L); return; }
    if (ar->event == LUA_HOOKCOUNT && r->budget > 0) {
        r->spent += CLUA_HOOK_COUNT;
        if (r->spent > r->budget) { r->tripped = 1; luaL_error(L, "instruction budget exceeded"); }
    }
}

/* Arms the sticky hook on L when an interrupt is pending (lua_sethook may be called from any
   thread or a signal handler: it only stores four fields). */
static void clua_interrupt_hooks(lua_State *L) {
    if (clua_interrupt_flag) clua_sticky_hook(L);
}

/* Every live state's main thread; coroutines have their own count hook. */
static void clua_arm_all(void) {
    for (clua_Record *r = clua_states; r; r = r->next) clua_sticky_hook(r->main);
}

static void clua_sigint(int sig) {
    /* A second Ctrl-C before the first was served (a long C function such as string.rep on a
       huge string never reaches a hook) ends the process, as lua.c's handler does by resetting
       SIGINT to its default action. The signal is blocked while its handler runs, so the
       raised one is delivered on return. */
    if (clua_sigint_pending) { signal(sig, SIG_DFL); raise(sig); return; }
    clua_sigint_pending = 1;
    clua_interrupt_flag = 1;
    /* Only try the lock: the signal may have arrived while this thread holds it (creating or
       closing a state). Then no Lua code is running in that frame, and the next protected
       call arms the hook itself (clua_docall). */
    if (pthread_mutex_trylock(&clua_states_lock) == 0) {
        clua_arm_all();
        pthread_mutex_unlock(&clua_states_lock);
    }
}
void clua_install_sigint_handler(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = clua_sigint; sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    /* A parent may have started us with SIGINT blocked (the mask survives exec: test
       runners and some shells do this), and then Ctrl-C would never arrive. */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
void clua_request_interrupt(void) {
    clua_interrupt_flag = 1;
    pthread_mutex_lock(&clua_states_lock);
    clua_arm_all();
    pthread_mutex_unlock(&clua_states_lock);
}
void clua_clear_interrupt(void) { clua_interrupt_flag = 0; clua_sigint_pending = 0; }

void clua_charge(lua_State *L, long long n, long long *spent_here, long long fallback) {
    clua_Record *r = record(L);
    *spent_here += n;
    if (clua_interrupt_flag) luaL_error(L, "interrupted!");
    if (r->budget > 0) {
        r->spent += n;
        if (r->spent > r->budget) { r->tripped = 1; luaL_error(L, "instruction budget exceeded"); }
    } else if (fallback > 0 && *spent_here > fallback) {
        luaL_error(L, "instruction budget exceeded");
    }
}   /* hooks fall back at their next event */
int clua_interrupt_pending(void) { return clua_interrupt_flag != 0; }

void clua_set_budget(lua_State *L, long long instructions) {
    clua_Record *r = record(L); r->budget = instructions; r->spent = 0; r->tripped = 0;
    if (!clua_interrupt_flag) clua_rest_hook(r->main);
}

/* coroutine.create and coroutine.wrap, arming the new thread's count hook. create is
   luaB_cocreate's three lines; wrap calls the library's own (its upvalue) so its closure and
   error messages stay the library's, then arms the thread held by the closure. */
static void clua_arm_thread(lua_State *co) {
    if (clua_interrupt_flag) clua_sticky_hook(co); else clua_rest_hook(co);
}
static int clua_cocreate(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    clua_arm_thread(co);
    return 1;
}
static int clua_cowrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);                               /* the library's wrap */
    if (lua_getupvalue(L, -1, 1) != NULL) {          /* its coroutine */
        if (lua_type(L, -1) == LUA_TTHREAD) clua_arm_thread(lua_tothread(L, -1));
        lua_pop(L, 1);
    }
    return 1;
}
void clua_opencoroutines(lua_State *L) {
    lua_getglobal(L, "coroutine");
    if (lua_type(L, -1) != LUA_TTABLE) { lua_pop(L, 1); return; }
    lua_pushcfunction(L, clua_cocreate);
    lua_setfield(L, -2, "create");
    lua_getfield(L, -1, "wrap");
    lua_pushcclosure(L, clua_cowrap, 1);
    lua_setfield(L, -2, "wrap");
    lua_pop(L, 1);
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

/* ---- a Lua function per row (q:filter(function(row) ... end)) ----
   The whole loop runs in C inside one protected call, so a row costs a few API calls and one
   lua_call, with no Swift frame in between (measured: a loop in Lua over column arrays is
   slower, as each row then pays for Lua table reads and writes in the VM). The row is one
   table reused from row to row: it holds the columns the function has read so far (found
   by its __index the first time, then filled before each call), so a function that reads two
   of twenty columns pays for two. pairs(row) fills every column first. Column data stays
   in Swift's arrays; strings come from a per-column cache of Lua strings indexed by
   dictionary code, so each distinct string is made once. */
typedef struct {
    const clua_RowColumn *cols;
    int ncols;
    long row;
    int *used;       /* the columns read so far, in order of first use */
    int nused;
    unsigned char *is_used;
    long nkept;      /* rows kept so far, written to the caller's buffer */
} clua_RowJob;

/* [-0, +1] The cell of a column at row i; `cache` is the stack index of the column's string
   cache (strings only). */
static void clua_pushcell(lua_State *L, const clua_RowColumn *c, long i, int cache) {
    if (c->valid && !c->valid[i]) { lua_pushnil(L); return; }
    switch (c->kind) {
    case CLUA_COLUMN_INTEGER: lua_pushinteger(L, ((const long long *)c->data)[i]); break;
    case CLUA_COLUMN_NUMBER: lua_pushnumber(L, ((const double *)c->data)[i]); break;
    case CLUA_COLUMN_BOOLEAN: lua_pushboolean(L, ((const unsigned char *)c->data)[i]); break;
    default: {
        unsigned int code = ((const unsigned int *)c->data)[i];
        if (lua_rawgeti(L, cache, (lua_Integer)code + 1) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_pushlstring(L, (const char *)c->bytes + c->offsets[code], (size_t)(c->offsets[code + 1] - c->offsets[code]));
            lua_pushvalue(L, -1);
            lua_rawseti(L, cache, (lua_Integer)code + 1);
        }
    }
    }
}

/* [-0, +0] Marks column k used and puts its cell of the current row into the row table.
   Metamethod upvalues: 1 the job, 2 {name = k}, 3 {k + 1 = string cache}, 4 {k + 1 = name}. */
static void clua_usecell(lua_State *L, clua_RowJob *job, int k, int row) {
    if (!job->is_used[k]) { job->is_used[k] = 1; job->used[job->nused++] = k; }
    lua_rawgeti(L, lua_upvalueindex(4), k + 1);                       /* [+1] key */
    lua_rawgeti(L, lua_upvalueindex(3), k + 1);                       /* [+1] cache */
    clua_pushcell(L, &job->cols[k], job->row, lua_absindex(L, -1));   /* [+1] value */
    lua_remove(L, -2);                                                /* [-1] cache */
    lua_rawset(L, row);                                               /* [-2] */
}

/* __index(row, key): a column not read before; from now on it is filled before each call. */
static int clua_row_index(lua_State *L) {
    clua_RowJob *job = (clua_RowJob *)lua_touserdata(L, lua_upvalueindex(1));
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNUMBER) return 1;   /* not a column: nil */
    int k = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (job->is_used[k]) { lua_pushnil(L); return 1; }                /* used and null here */
    clua_usecell(L, job, k, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, 1);
    return 1;
}

/* The iterator of clua_row_pairs: the base library's `next`, held here so that a script that
   replaces the global `next` cannot change (or break) iterating a row. */
static int clua_row_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

/* __pairs(row): every column, then the table's own next (ours, not the global). */
static int clua_row_pairs(lua_State *L) {
    clua_RowJob *job = (clua_RowJob *)lua_touserdata(L, lua_upvalueindex(1));
    for (int k = 0; k < job->ncols; k++) if (!job->is_used[k]) clua_usecell(L, job, k, 1);
    lua_pushcfunction(L, clua_row_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* Stack on entry: 1 job (light userdata), 2 the function, 3 the kept rows' buffer (light
   userdata, room for every row), 4 the row count. The count kept goes to job->nkept. */
static int clua_filter_k(lua_State *L) {
    clua_RowJob *job = (clua_RowJob *)lua_touserdata(L, 1);
    long *kept = (long *)lua_touserdata(L, 3);
    long nrows = (long)lua_tointeger(L, 4);
    lua_settop(L, 2);
    lua_createtable(L, job->ncols, 0);                     /* 3: names, k + 1 -> name */
    lua_createtable(L, 0, job->ncols);                     /* 4: index, name -> k */
    lua_createtable(L, job->ncols, 0);                     /* 5: caches, k + 1 -> table */
    for (int k = 0; k < job->ncols; k++) {
        lua_pushlstring(L, job->cols[k].name, job->cols[k].name_len);
        lua_pushvalue(L, -1);
        lua_rawseti(L, 3, k + 1);
        lua_pushinteger(L, k);
        lua_rawset(L, 4);
        if (job->cols[k].kind == CLUA_COLUMN_STRING) { lua_newtable(L); lua_rawseti(L, 5, k + 1); }
    }
    lua_createtable(L, 0, job->ncols);                     /* 6: the row */
    lua_createtable(L, 0, 3);                              /* its metatable */
    lua_pushlightuserdata(L, job); lua_pushvalue(L, 4); lua_pushvalue(L, 5); lua_pushvalue(L, 3);
    lua_pushcclosure(L, clua_row_index, 4);
    lua_setfield(L, -2, "__index");
    lua_pushlightuserdata(L, job); lua_pushvalue(L, 4); lua_pushvalue(L, 5); lua_pushvalue(L, 3);
    lua_pushcclosure(L, clua_row_pairs, 4);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "hemi.Row");
    lua_setfield(L, -2, "__name");
    lua_setmetatable(L, 6);
    /* Each column's key and string cache on the stack too (slots 7 + 2k, 8 + 2k), so filling
       a cell in the loop reads stack slots instead of two tables. */
    if (!lua_checkstack(L, 2 * job->ncols + 8)) return luaL_error(L, "too many columns for a Lua-function filter");
    for (int k = 0; k < job->ncols; k++) { lua_rawgeti(L, 3, k + 1); lua_rawgeti(L, 5, k + 1); }
    for (long i = 0; i < nrows; i++) {
        job->row = i;
        for (int u = 0; u < job->nused; u++) {
            int k = job->used[u];
            lua_pushvalue(L, 7 + 2 * k);
            clua_pushcell(L, &job->cols[k], i, 8 + 2 * k);
            lua_rawset(L, 6);
        }
        lua_pushvalue(L, 2);
        lua_pushvalue(L, 6);
        lua_call(L, 1, 1);
        if (lua_toboolean(L, -1)) kept[job->nkept++] = i;
        lua_pop(L, 1);
    }
    return 0;
}

int clua_filter_rows(lua_State *L, int function, const clua_RowColumn *columns, int ncolumns,
                     long nrows, long *kept, long *nkept) {
    function = lua_absindex(L, function);
    if (!lua_checkstack(L, 16)) { lua_pushliteral(L, "stack overflow"); return LUA_ERRMEM; }
    size_t n = (size_t)(ncolumns > 0 ? ncolumns : 1);
    int *used = calloc(n, sizeof *used);
    unsigned char *is_used = calloc(n, 1);
    if (!used || !is_used) { free(used); free(is_used); lua_pushliteral(L, "not enough memory"); return LUA_ERRMEM; }
    clua_RowJob job = { columns, ncolumns, 0, used, 0, is_used, 0 };
    lua_pushcfunction(L, clua_filter_k);
    lua_pushlightuserdata(L, &job);
    lua_pushvalue(L, function);
    lua_pushlightuserdata(L, kept);
    lua_pushinteger(L, nrows);
    /* No traceback handler: the error goes back to the Lua code that called filter as it was
       raised, and gets its traceback there (one, not two). */
    clua_interrupt_hooks(L);
    int lifted = clua_cap_for_lua(record(L));
    int status = lua_pcall(L, 4, 0, 0);
    clua_uncap_after_lua(record(L), lifted);
    *nkept = job.nkept;
    free(used);
    free(is_used);
    return status;
}
