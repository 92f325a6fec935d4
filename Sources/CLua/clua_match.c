/* string.find, string.match, string.gmatch and string.gsub for plugins' states, with every
 * step of the matcher charged to the state's instruction budget and Ctrl-C honoured.
 *
 * Why: Lua's own matcher is a backtracking C loop that runs no hook, so
 * string.find(("a"):rep(30000), ("a*"):rep(8) .. "b") ran past 120 s in a plugin and ignored
 * SIGINT. A static bound on pattern complexity would refuse ordinary patterns on long text
 * ("%s+" over a page) whose real cost is linear, so the work is counted instead: each entry
 * to the matcher and each character tried by a repetition or %b is one step, charged to the
 * budget in blocks of 1024 (clua_charge), which also raises "interrupted!" on Ctrl-C.
 *
 * The matching follows the algorithm of Lua 5.4's lstrlib.c (backtracking over the pattern
 * with the same rules for classes, sets, captures, %b, %f, anchors and back-references) so
 * results are the same as the library's; Tests/LuaBridgeTests check them against it.
 */
#include "clua_record.h"
#include <ctype.h>
#include <string.h>

#define MAXCAPTURES 32
#define MAXDEPTH 200
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define ESC '%'
#define SPECIALS "^$*+?.([%-"
/* Work one call may do when the state has no budget set. */
#define FALLBACK_STEPS (200LL * 1000 * 1000)

typedef struct {
    const char *src_init, *src_end, *p_end;
    lua_State *L;
    int depth, level;
    long long steps, charged;
    struct { const char *init; ptrdiff_t len; } capture[MAXCAPTURES];
} Match;

static void step(Match *m) {
    if ((++m->steps & 1023) == 0) clua_charge(m->L, 1024, &m->charged, FALLBACK_STEPS);
}

static const char *do_match(Match *m, const char *s, const char *p);

static int class_matches(int c, int cl) {
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return cl == c;
    }
    if (isupper(cl)) r = !r;
    return r;
}

/* The end of the single-character class starting at p. */
static const char *class_end(Match *m, const char *p) {
    switch (*p++) {
    case ESC:
        if (p == m->p_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (*p == '^') p++;
        do {
            if (p == m->p_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*(p++) == ESC && p < m->p_end) p++;
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

/* c against the set [ ... ] from p (at '[') to ec (at ']'). */
static int set_matches(int c, const char *p, const char *ec) {
    int sig = 1;
    if (*(p + 1) == '^') { sig = 0; p++; }
    while (++p < ec) {
        if (*p == ESC) {
            p++;
            if (class_matches(c, (unsigned char)*p)) return sig;
        } else if (*(p + 1) == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p) return sig;
        } else if ((unsigned char)*p == c) {
            return sig;
        }
    }
    return !sig;
}

static int single_matches(Match *m, const char *s, const char *p, const char *ep) {
    if (s >= m->src_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case ESC: return class_matches(c, (unsigned char)*(p + 1));
    case '[': return set_matches(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *balance(Match *m, const char *s, const char *p) {
    if (p >= m->p_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->src_end || *s != *p) return NULL;
    int open = *p, close = *(p + 1), depth = 1;
    while (++s < m->src_end) {
        step(m);
        if (*s == close) { if (--depth == 0) return s + 1; }
        else if (*s == open) depth++;
    }
    return NULL;
}

static const char *greedy(Match *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t i = 0;
    while (single_matches(m, s + i, p, ep)) { step(m); i++; }
    while (i >= 0) {
        const char *r = do_match(m, s + i, ep + 1);
        if (r) return r;
        i--;
    }
    return NULL;
}

static const char *lazy(Match *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = do_match(m, s, ep + 1);
        if (r) return r;
        if (!single_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Match *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= MAXCAPTURES) luaL_error(m->L, "too many captures");
    m->capture[m->level].init = s;
    m->capture[m->level].len = what;
    m->level++;
    const char *r = do_match(m, s, p);
    if (!r) m->level--;
    return r;
}

static const char *close_capture(Match *m, const char *s, const char *p) {
    int l = -1;
    for (int i = m->level - 1; i >= 0; i--) if (m->capture[i].len == CAP_UNFINISHED) { l = i; break; }
    if (l < 0) luaL_error(m->L, "invalid pattern capture");
    m->capture[l].len = s - m->capture[l].init;
    const char *r = do_match(m, s, p);
    if (!r) m->capture[l].len = CAP_UNFINISHED;
    return r;
}

static int capture_index(Match *m, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= m->level || m->capture[l].len == CAP_UNFINISHED)
        return luaL_error(m->L, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *back_reference(Match *m, const char *s, int digit) {
    int l = capture_index(m, digit);
    size_t len = (size_t)m->capture[l].len;
    if ((size_t)(m->src_end - s) >= len && memcmp(m->capture[l].init, s, len) == 0) return s + len;
    return NULL;
}

static const char *do_match(Match *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    step(m);
again:
    if (p != m->p_end) {
        switch (*p) {
        case '(':
            s = (*(p + 1) == ')') ? open_capture(m, s, p + 2, CAP_POSITION) : open_capture(m, s, p + 1, CAP_UNFINISHED);
            break;
        case ')':
            s = close_capture(m, s, p + 1);
            break;
        case '$':
            if (p + 1 != m->p_end) goto single;
            s = (s == m->src_end) ? s : NULL;
            break;
        case ESC:
            switch (*(p + 1)) {
            case 'b':
                s = balance(m, s, p + 2);
                if (s) { p += 4; goto again; }
                break;
            case 'f': {
                p += 2;
                if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = class_end(m, p);
                int previous = (s == m->src_init) ? 0 : (unsigned char)*(s - 1);
                int current = (s < m->src_end) ? (unsigned char)*s : 0;
                if (!set_matches(previous, p, ep - 1) && set_matches(current, p, ep - 1)) { p = ep; goto again; }
                s = NULL;
                break;
            }
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
                s = back_reference(m, s, (unsigned char)*(p + 1));
                if (s) { p += 2; goto again; }
                break;
            default:
                goto single;
            }
            break;
        default:
        single: {
            const char *ep = class_end(m, p);
            if (!single_matches(m, s, p, ep)) {
                if (*ep == '*' || *ep == '?' || *ep == '-') { p = ep + 1; goto again; }
                s = NULL;
            } else {
                switch (*ep) {
                case '?': {
                    const char *r = do_match(m, s + 1, ep + 1);
                    if (r) s = r;
                    else { p = ep + 1; goto again; }
                    break;
                }
                case '+': s = greedy(m, s + 1, p, ep); break;
                case '*': s = greedy(m, s, p, ep); break;
                case '-': s = lazy(m, s, p, ep); break;
                default: s++; p = ep; goto again;
                }
            }
            break;
        }
        }
    }
    m->depth++;
    return s;
}

/* ---- captures ---- */

/* [-0, +(0|1)] The i-th capture (or the whole match when there are none): its start and
   length, or CAP_POSITION with the position pushed. */
static ptrdiff_t get_capture(Match *m, int i, const char *s, const char *e, const char **cap) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *cap = s;
        return e - s;
    }
    ptrdiff_t len = m->capture[i].len;
    *cap = m->capture[i].init;
    if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
    else if (len == CAP_POSITION) lua_pushinteger(m->L, (m->capture[i].init - m->src_init) + 1);
    return len;
}

/* [-0, +1] */
static void push_capture(Match *m, int i, const char *s, const char *e) {
    const char *cap;
    ptrdiff_t len = get_capture(m, i, s, e, &cap);
    if (len != CAP_POSITION) lua_pushlstring(m->L, cap, (size_t)len);
}

/* [-0, +n] Every capture, or the whole match when the pattern has none (s not NULL). */
static int push_captures(Match *m, const char *s, const char *e) {
    int n = (m->level == 0 && s) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

static void prepare(Match *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->src_init = s; m->src_end = s + ls; m->p_end = p + lp;
    m->steps = 0; m->charged = 0;
}
static void restart(Match *m) { m->level = 0; m->depth = MAXDEPTH; }

static size_t start_index(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t l) {
    size_t upto = 0;
    do {
        if (strpbrk(p + upto, SPECIALS)) return 1;
        upto += strlen(p + upto) + 1;   /* past an embedded zero */
    } while (upto <= l);
    return 0;
}

static const char *plain_find(Match *m, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    for (const char *end = s + (ls - lp); s <= end; s++) {
        step(m);
        if (*s == *p && memcmp(s, p, lp) == 0) return s;
    }
    return NULL;
}

/* ---- the library functions ---- */

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) { lua_pushnil(L); return 1; }
    Match m;
    prepare(&m, L, s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = plain_find(&m, s + init, ls - init, p, lp);
        if (at) {
            lua_pushinteger(L, (at - s) + 1);
            lua_pushinteger(L, (at - s) + (lua_Integer)lp);
            return 2;
        }
    } else {
        const char *s1 = s + init;
        int anchor = (*p == '^');
        if (anchor) { p++; }
        do {
            restart(&m);
            const char *e = do_match(&m, s1, p);
            if (e) {
                if (find) {
                    lua_pushinteger(L, (s1 - s) + 1);
                    lua_pushinteger(L, e - s);
                    return push_captures(&m, NULL, NULL) + 2;
                }
                return push_captures(&m, s1, e);
            }
        } while (s1++ < m.src_end && !anchor);
    }
    lua_pushnil(L);
    return 1;
}

static int bounded_find(lua_State *L) { return find_or_match(L, 1); }
static int bounded_match(lua_State *L) { return find_or_match(L, 0); }

/* gmatch's iterator state: a userdata upvalue (no metatable, nothing to finalize). */
typedef struct { const char *src, *p, *lastmatch; Match m; } GMatch;

static int gmatch_next(lua_State *L) {
    GMatch *g = (GMatch *)lua_touserdata(L, lua_upvalueindex(3));
    g->m.L = L;
    g->m.steps = 0; g->m.charged = 0;
    for (const char *src = g->src; src <= g->m.src_end; src++) {
        restart(&g->m);
        const char *e = do_match(&g->m, src, g->p);
        if (e && e != g->lastmatch) {
            g->src = g->lastmatch = e;
            return push_captures(&g->m, src, e);
        }
    }
    return 0;
}

static int bounded_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1;   /* start past the end: no match */
    lua_settop(L, 2);               /* s and p stay alive as upvalues 1 and 2 */
    GMatch *g = (GMatch *)lua_newuserdatauv(L, sizeof *g, 0);
    prepare(&g->m, L, s, ls, p, lp);
    g->src = s + init; g->p = p; g->lastmatch = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* [-0, +0] Appends the replacement string for one match, with %0..%9 and %%. */
static void add_string(Match *m, luaL_Buffer *b, const char *s, const char *e) {
    size_t l;
    lua_State *L = m->L;
    const char *news = lua_tolstring(L, 3, &l);
    const char *p;
    while ((p = (const char *)memchr(news, ESC, l)) != NULL) {
        luaL_addlstring(b, news, (size_t)(p - news));
        p++;
        if (*p == ESC) luaL_addchar(b, *p);
        else if (*p == '0') luaL_addlstring(b, s, (size_t)(e - s));
        else if (isdigit((unsigned char)*p)) {
            push_capture(m, *p - '1', s, e);
            luaL_tolstring(L, -1, NULL);
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else luaL_error(L, "invalid use of '%c' in replacement string", ESC);
        l -= (size_t)(p + 1 - news);
        news = p + 1;
    }
    luaL_addlstring(b, news, l);
}

/* Appends the replacement for one match; returns whether it changed anything. */
static int add_value(Match *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
    lua_State *L = m->L;
    switch (tr) {
    case LUA_TFUNCTION: {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
        break;
    }
    case LUA_TTABLE:
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
        break;
    default:
        add_string(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int bounded_gsub(lua_State *L) {
    size_t srcl, lp;
    const char *src = luaL_checklstring(L, 1, &srcl);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *lastmatch = NULL;
    int tr = lua_type(L, 3);
    lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
    int anchor = (*p == '^');
    lua_Integer n = 0;
    int changed = 0;
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (anchor) { p++; lp--; }
    Match m;
    prepare(&m, L, src, srcl, p, lp);
    while (n < max_s) {
        restart(&m);
        const char *e = do_match(&m, src, p);
        if (e && e != lastmatch) {
            n++;
            changed = add_value(&m, &b, src, e, tr) | changed;
            src = lastmatch = e;
        } else if (src < m.src_end) {
            step(&m);
            luaL_addchar(&b, *src++);
        } else break;
        if (anchor) break;
    }
    if (!changed) lua_pushvalue(L, 1);
    else {
        luaL_addlstring(&b, src, (size_t)(m.src_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void clua_open_bounded_patterns(lua_State *L) {
    lua_pushcfunction(L, bounded_find); lua_setfield(L, -2, "find");
    lua_pushcfunction(L, bounded_match); lua_setfield(L, -2, "match");
    lua_pushcfunction(L, bounded_gmatch); lua_setfield(L, -2, "gmatch");
    lua_pushcfunction(L, bounded_gsub); lua_setfield(L, -2, "gsub");
}

/* For tests: installs the bounded functions as `bounded` = { find, match, gmatch, gsub } in
   any state, to compare them with the library's own. */
void clua_open_bounded_patterns_for_tests(lua_State *L) {
    lua_createtable(L, 0, 4);
    clua_open_bounded_patterns(L);
    lua_setglobal(L, "bounded");
}
