// libedit's readline compatibility header. <readline/readline.h> on Debian is GNU readline,
// so the editline path is named explicitly (DESIGN.md, "REPL facts").
//
// libedit is opened with dlopen when the REPL first needs it, not linked: a linked libedit
// brings libtinfo, libbsd and libmd with it, and mapping the four cost every `hemi script.lua`
// about 30 page faults and half a million instructions (a sixth of its start-up) for a line
// editor it never uses. The header is only used for its declarations and types.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <editline/readline.h>

/// The libedit functions and settings the REPL uses, resolved once.
typedef struct {
    char *(*readline)(const char *);
    int (*add_history)(const char *);
    int (*initialize)(void);
    int (*parse_and_bind)(const char *);
    char **readline_name;
    rl_completion_func_t **attempted_completion_function;
    char **basic_word_break_characters;
    int *completion_append_character;
    int *attempted_completion_over;
    char **line_buffer;
    int *point;
    int (**getc_function)(FILE *);
    int (*insert_text)(const char *);
} hemi_el_api;

/* State lives in function-local statics: file-scope statics in a header are not emitted
 * when Swift imports it. */
static inline hemi_el_api *hemi_el(void) {
    static hemi_el_api api;
    static int state;   /* 0 not tried, 1 loaded, -1 unavailable */
    if (state == 0) {
        state = -1;
        void *h = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
        if (!h) h = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
        if (!h) return NULL;
#define HEMI_EL_SYM(field, name) if (!(*(void **)&api.field = dlsym(h, name))) return NULL;
        HEMI_EL_SYM(readline, "readline")
        HEMI_EL_SYM(add_history, "add_history")
        HEMI_EL_SYM(initialize, "rl_initialize")
        HEMI_EL_SYM(parse_and_bind, "rl_parse_and_bind")
        HEMI_EL_SYM(readline_name, "rl_readline_name")
        HEMI_EL_SYM(attempted_completion_function, "rl_attempted_completion_function")
        HEMI_EL_SYM(basic_word_break_characters, "rl_basic_word_break_characters")
        HEMI_EL_SYM(completion_append_character, "rl_completion_append_character")
        HEMI_EL_SYM(attempted_completion_over, "rl_attempted_completion_over")
        HEMI_EL_SYM(line_buffer, "rl_line_buffer")
        HEMI_EL_SYM(point, "rl_point")
        HEMI_EL_SYM(getc_function, "rl_getc_function")
        HEMI_EL_SYM(insert_text, "rl_insert_text")
#undef HEMI_EL_SYM
        state = 1;
    }
    return state == 1 ? &api : NULL;
}

/// Opens libedit; 0 when it cannot be loaded (the REPL then reads plain lines). The error
/// text, if any, from dlerror.
static inline int hemi_el_available(void) { return hemi_el() != NULL; }
static inline const char *hemi_el_error(void) { const char *e = dlerror(); return e ? e : "libedit.so.2 not found"; }

/// libedit's settings are C globals, which Swift 6 refuses to touch directly (shared mutable
/// state); these setters are the one place that writes them. `breaks` must outlive the
/// session: libedit keeps the pointer. Call only after hemi_el_available() returned 1.
static inline void hemi_el_configure(rl_completion_func_t *complete, const char *breaks) {
    hemi_el_api *e = hemi_el();
    *e->readline_name = (char *)"hemi";
    *e->attempted_completion_function = complete;
    *e->basic_word_break_characters = (char *)breaks;
    *e->completion_append_character = '\0';
}
static inline int hemi_el_initialize(void) { return hemi_el()->initialize(); }
static inline int hemi_el_parse_and_bind(const char *line) { return hemi_el()->parse_and_bind(line); }
static inline int hemi_el_add_history(const char *line) { return hemi_el()->add_history(line); }
/// A malloc'd line, or NULL at end of input (or Ctrl-C).
static inline char *hemi_el_readline(const char *prompt) { return hemi_el()->readline(prompt); }
/// Called from the completion function: never fall back to file names (DESIGN.md).
static inline void hemi_el_completion_over(void) { *hemi_el()->attempted_completion_over = 1; }
/// The whole line being edited and the cursor, for context-aware completion.
static inline const char *hemi_el_line(void) { char *b = *hemi_el()->line_buffer; return b ? b : ""; }
static inline int hemi_el_point(void) { return *hemi_el()->point; }

/* Bracketed paste. The terminal wraps pasted text in ESC[200~ … ESC[201~ once the REPL asks
 * for it (ESC[?2004h). libedit does not know these sequences, so its character reader is
 * replaced: a paste is collected whole and inserted at the cursor as text (never as keys: a
 * tab must not complete, a newline must not run the line), and the line is redrawn. A block
 * of several lines stays in the line buffer, drawn on several lines, and runs when Enter is
 * pressed, like one typed line (issue #13). Other escape sequences (arrows) pass through
 * unchanged from a small queue. Only the REPL includes this header. */
#include <unistd.h>
#include <errno.h>
typedef struct {
    unsigned char queue[8]; int queue_len, queue_pos;
    char *paste; size_t paste_len, paste_cap;
} hemi_paste_state;
static inline hemi_paste_state *hemi_ps(void) { static hemi_paste_state s; return &s; }

/* Whether Ctrl-C is pending (the host's interrupt flag, set by its SIGINT handler); set by
 * hemi_el_set_interrupt_probe. */
typedef int (*hemi_interrupt_probe)(void);
static inline hemi_interrupt_probe *hemi_el_probe(void) { static hemi_interrupt_probe p; return &p; }
static inline void hemi_el_set_interrupt_probe(hemi_interrupt_probe p) { *hemi_el_probe() = p; }

/* One byte of input. A read interrupted by a signal is retried unless the signal was Ctrl-C:
 * SIGWINCH (a resize) and SIGTSTP/SIGCONT (Ctrl-Z, fg) also interrupt read(), and taking
 * those as end of input ended the session (issue #13). On Ctrl-C, EOF ends libedit's line
 * and the REPL, seeing the interrupt flag, clears the line instead of exiting. */
static inline int hemi_readbyte(FILE *f) {
    unsigned char c;
    for (;;) {
        ssize_t n = read(fileno(f), &c, 1);
        if (n == 1) return c;
        if (n < 0 && errno == EINTR) {
            hemi_interrupt_probe p = *hemi_el_probe();
            if (p && p()) return EOF;
            continue;
        }
        return EOF;
    }
}

static inline void hemi_paste_append(int c) {
    hemi_paste_state *s = hemi_ps();
    if (s->paste_len + 1 >= s->paste_cap) {
        size_t cap = s->paste_cap ? s->paste_cap * 2 : 256;
        char *p = (char *)realloc(s->paste, cap);
        if (!p) return;
        s->paste = p; s->paste_cap = cap;
    }
    s->paste[s->paste_len++] = (char)c;
    s->paste[s->paste_len] = '\0';
}

/* The key sequence the REPL binds to ed-redisplay (hemi_el_paste_binding). hemi_getc returns it
 * after inserting a paste, so libedit clears the lines it drew and draws the line again. No
 * terminal sends it: hemi_getc takes ESC[200~ from the terminal as the start of a paste. */
#define HEMI_EL_REDRAW_KEYS "\x1b[200~"
/// The binding that makes HEMI_EL_REDRAW_KEYS redraw the line, for rl_parse_and_bind.
static inline const char *hemi_el_paste_binding(void) { return "bind '\\e[200~' ed-redisplay"; }

/* Inserts pasted text at the cursor and queues the redraw keys. Control characters other than
 * newline and tab are dropped (an ESC would reach the terminal when the line is drawn).
 * libedit decodes the text with the locale's mbstowcs and crashes on text it cannot decode
 * (el_insertstr passes NULL on), so outside a UTF-8 locale non-ASCII bytes become '?'. Not
 * rl_redisplay: libedit implements it by pushing the terminal's reprint key (Ctrl-R), which the
 * REPL binds to history search; nor rl_forced_update_display, which draws the line again from
 * where the cursor is without clearing what was there. */
static inline void hemi_paste_insert(char *text) {
    size_t w = 0;
    for (size_t r = 0; text[r]; r++) {
        unsigned char c = (unsigned char)text[r];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) continue;
        text[w++] = (char)c;
    }
    text[w] = '\0';
    if (w == 0) return;
    if (mbstowcs(NULL, text, 0) == (size_t)-1)
        for (size_t i = 0; i < w; i++) if ((unsigned char)text[i] >= 0x80) text[i] = '?';
    hemi_el()->insert_text(text);
    hemi_paste_state *s = hemi_ps();
    const char *redraw = HEMI_EL_REDRAW_KEYS;
    s->queue_len = s->queue_pos = 0;
    while (*redraw) s->queue[s->queue_len++] = (unsigned char)*redraw++;
}

static inline int hemi_getc(FILE *f) {
    hemi_paste_state *s = hemi_ps();
    if (s->queue_pos < s->queue_len) return s->queue[s->queue_pos++];
    s->queue_len = s->queue_pos = 0;
    int c = hemi_readbyte(f);
    if (c >= 0xC0 && c < 0xF8) {
        /* libedit takes each value returned here as one whole character (a wchar_t), so
           UTF-8 is decoded here: "Perú" must arrive as four characters. */
        int extra = c >= 0xF0 ? 3 : (c >= 0xE0 ? 2 : 1);
        int cp = c & (0x3F >> extra);
        for (int k = 0; k < extra; k++) {
            int d = hemi_readbyte(f);
            if (d == EOF || (d & 0xC0) != 0x80) return 0xFFFD;
            cp = (cp << 6) | (d & 0x3F);
        }
        return cp;
    }
    if (c != 0x1b) return c;
    const char *start = "[200~";
    int i = 0;
    s->queue[s->queue_len++] = 0x1b;
    while (start[i]) {
        int d = hemi_readbyte(f);
        if (d == EOF) break;
        s->queue[s->queue_len++] = (unsigned char)d;
        if (d != start[i]) break;
        i++;
    }
    if (start[i] != '\0') return s->queue[s->queue_pos++];   /* not a paste: replay */
    s->queue_len = s->queue_pos = 0;
    /* Collect until ESC[201~; CR (what terminals send for newlines) becomes LF. */
    const char *end = "\x1b[201~";
    int matched = 0, afterCR = 0;
    for (;;) {
        int d = hemi_readbyte(f);
        if (d == EOF) {                  /* Ctrl-C or end of input inside the paste: drop it */
            free(s->paste);
            s->paste = NULL; s->paste_len = s->paste_cap = 0;
            return EOF;
        }
        if (d == end[matched]) { if (end[++matched] == '\0') break; continue; }
        for (int k = 0; k < matched; k++) hemi_paste_append(end[k]);
        matched = (d == end[0]) ? 1 : 0;
        if (matched) continue;
        if (d == '\n' && afterCR) { afterCR = 0; continue; }   /* CR LF is one newline */
        afterCR = d == '\r';
        hemi_paste_append(d == '\r' ? '\n' : d);
    }
    if (!s->paste) return hemi_getc(f);   /* an empty paste */
    /* Nothing pasted runs by itself: Enter runs it. One line pasted with a newline after it
       loses the newline (it is a word or a line to go on typing); a block of several lines
       keeps it, so what is typed next starts a line of its own. */
    if (s->paste_len > 0 && s->paste[s->paste_len - 1] == '\n' && !memchr(s->paste, '\n', s->paste_len - 1))
        s->paste[--s->paste_len] = '\0';
    hemi_paste_insert(s->paste);
    free(s->paste);
    s->paste = NULL; s->paste_len = s->paste_cap = 0;
    return hemi_getc(f);
}

static inline void hemi_el_enable_paste(void) { *hemi_el()->getc_function = hemi_getc; }

/// One line of standard input with getline (the same FILE as Lua's io.read, so piped input
/// read by the REPL and by a script's io.read stay in order); Swift 6 cannot name the C
/// global `stdin`. The REPL decodes the bytes with ByteText (PlainReader.line).
static inline ssize_t hemi_getline_stdin(char **line, size_t *capacity) { return getline(line, capacity, stdin); }
