#ifndef CLUA_RECORD_H
#define CLUA_RECORD_H
/* Private to CLua: the per-state record kept as the allocator's userdata (clua.c), shared with
 * the sandbox (clua_sandbox.c) and the bounded pattern functions (clua_match.c). */
#include <signal.h>
#include "clua.h"

typedef struct clua_Record {
    size_t used, limit; long long budget, spent;
    /* The configured cap (`limit` is the one in force: 0 while lifted around a Swift
       function of a sandboxed state, see clua.c) and the depth of lifting. */
    size_t cap; int lifted;
    /* A plugin's state (clua_open_sandbox): errors are read without running metamethods,
       and once `tripped` (its budget ran out) no protected call inside it can swallow that. */
    int sandbox, tripped;
    lua_State *main;
    struct clua_Record *prev, *next;
} clua_Record;

static inline clua_Record *clua_record(lua_State *L) { void *ud; lua_getallocf(L, &ud); return (clua_Record *)ud; }

/* The SIGINT flag (clua.c). */
int clua_interrupt_pending(void);

/* Charges `n` units of work done in C to the state's instruction budget and raises
   "instruction budget exceeded" (marking the state tripped) when it runs out; raises
   "interrupted!" when Ctrl-C is pending. Without a budget, `fallback` bounds one call's work
   (0 = unbounded). The caller passes the work of this call so far in `*spent_here`. */
void clua_charge(lua_State *L, long long n, long long *spent_here, long long fallback);
/* Replaces coroutine.create and coroutine.wrap by versions that arm the new thread's hook. */
void clua_opencoroutines(lua_State *L);
/* The bounded pattern functions (clua_match.c): [-0, +0] sets find, match, gmatch and gsub in
   the table on top of the stack. */
void clua_open_bounded_patterns(lua_State *L);
#endif
