/* The reference for a Lua function called once per row: a plain C host that, for each of n
 * precomputed numbers, fetches the function from the registry, pushes the number, calls it
 * with lua_pcall and reads the result (as ../shared/bench/lua/l2_host.c does; written here so
 * the benchmark needs nothing outside the repository). A second variant hands the function a
 * row table instead of the bare number, the way a query's row reaches a filter: one table
 * reused for every row, its field set with lua_rawset before each call.
 * Prints the median CPU ns per row of REPS for each: "number row".
 *   cc -O2 -o c_host c_host.c $(pkg-config --cflags --libs lua5.4); ./c_host N REPS */
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int reps = argc > 2 ? atoi(argv[2]) : 7;
    double *xs = malloc(sizeof(double) * (size_t)n), *ts = malloc(sizeof(double) * (size_t)reps);
    for (long i = 0; i < n; i++) xs[i] = ((i + 1) % 1000) * 0.25;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, "return function(x) return x > 100 end")) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
    int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (luaL_dostring(L, "return function(row) return row.x > 100 end")) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
    int rowref = luaL_ref(L, LUA_REGISTRYINDEX);
    long kept = 0;
    for (int variant = 0; variant < 2; variant++) {
        for (int r = 0; r < reps; r++) {
            double t0 = now();
            kept = 0;
            if (variant == 0) {
                for (long i = 0; i < n; i++) {
                    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
                    lua_pushnumber(L, xs[i]);
                    if (lua_pcall(L, 1, 1, 0) != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
                    kept += lua_toboolean(L, -1);
                    lua_pop(L, 1);
                }
            } else {
                lua_newtable(L);                       /* the row, reused */
                lua_pushliteral(L, "x");               /* its key */
                for (long i = 0; i < n; i++) {
                    lua_pushvalue(L, -1);
                    lua_pushnumber(L, xs[i]);
                    lua_rawset(L, -4);
                    lua_rawgeti(L, LUA_REGISTRYINDEX, rowref);
                    lua_pushvalue(L, -3);
                    if (lua_pcall(L, 1, 1, 0) != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1; }
                    kept += lua_toboolean(L, -1);
                    lua_pop(L, 1);
                }
                lua_pop(L, 2);
            }
            ts[r] = now() - t0;
        }
        qsort(ts, (size_t)reps, sizeof(double), cmp);
        printf(variant == 0 ? "%.1f " : "%.1f\n", ts[reps / 2] / n * 1e9);
    }
    lua_close(L);
    return kept < 0;
}
