// libedit's readline compatibility header. <readline/readline.h> on Debian is GNU readline,
// so the editline path is named explicitly (DESIGN.md, "REPL facts").
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

/// libedit's settings are C globals, which Swift 6 refuses to touch directly (shared mutable
/// state); these setters are the one place that writes them. `breaks` must outlive the
/// session: libedit keeps the pointer.
static inline void hemi_el_configure(rl_completion_func_t *complete, const char *breaks) {
    rl_readline_name = "hemi";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = breaks;
    rl_completion_append_character = '\0';
}
/// Called from the completion function: never fall back to file names (DESIGN.md).
static inline void hemi_el_completion_over(void) { rl_attempted_completion_over = 1; }
/// The whole line being edited and the cursor, for context-aware completion.
static inline const char *hemi_el_line(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline int hemi_el_point(void) { return rl_point; }

/* Bracketed paste. The terminal wraps pasted text in ESC[200~ … ESC[201~ once the REPL asks
 * for it (ESC[?2004h). libedit does not know these sequences, so its character reader is
 * replaced: a paste is collected whole, the line is ended, and the REPL takes the block with
 * hemi_el_take_paste() and runs it once as one chunk. Other escape sequences (arrows) pass
 * through unchanged from a small queue. Only the REPL includes this header. */
#include <unistd.h>
/* State lives in a function-local static: file-scope statics in a header are not emitted
 * when Swift imports it. */
typedef struct {
    unsigned char queue[8]; int queue_len, queue_pos;
    char *paste; size_t paste_len, paste_cap;
} hemi_paste_state;
static inline hemi_paste_state *hemi_ps(void) { static hemi_paste_state s; return &s; }

static inline int hemi_readbyte(FILE *f) {
    unsigned char c;
    ssize_t n = read(fileno(f), &c, 1);
    /* EOF, or EINTR (Ctrl-C): libedit then returns and the REPL checks the interrupt flag. */
    return n == 1 ? c : EOF;
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
    int matched = 0;
    for (;;) {
        int d = hemi_readbyte(f);
        if (d == EOF) break;
        if (d == end[matched]) { if (end[++matched] == '\0') break; continue; }
        for (int k = 0; k < matched; k++) hemi_paste_append(end[k]);
        matched = (d == end[0]) ? 1 : 0;
        if (matched) continue;
        hemi_paste_append(d == '\r' ? '\n' : d);
    }
    if (!s->paste) hemi_paste_append(' ');
    return '\n';   /* ends the line; the REPL picks up the block */
}

static inline void hemi_el_enable_paste(void) { rl_getc_function = hemi_getc; }
/// The pasted block of the line just read (malloc'd, caller frees), or NULL.
static inline char *hemi_el_take_paste(void) {
    hemi_paste_state *s = hemi_ps();
    char *p = s->paste;
    s->paste = NULL; s->paste_len = s->paste_cap = 0;
    return p;
}
